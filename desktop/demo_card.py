"""The demo platform key: registration cards a newcomer can scan before any central exists.

One fixed key pair ships in `resources/demo_platform_key.pem`, private half included, so a phone
showing a demo card works on every laptop still in demo mode (a training room, the README's first
command). The rule that keeps it harmless is `trusted_keys`: a station trusts the demo key only
while it is not enrolled; enrolment (which re-reads the trust) drops it, and the same card then
answers `unknown_key`. docs/SECURITY.md weighs the trade-off.
"""

from __future__ import annotations

import logging
import secrets
import time
import unicodedata
from functools import lru_cache

from furusato.card_token import issue_card
from furusato.keys import KeyFileError, KeySet, SigningKey, load_private_key, public_jwk
from furusato.resources import resource_path

log = logging.getLogger(__name__)

KEY_FILE = "demo_platform_key.pem"
DEMO_KID = "demo-only-not-a-platform-key"  # in every demo card's header: nobody can take it for a real one
DEMO_ISSUER = "https://demo.furusato-field.invalid"
DEFAULT_NAME = "デモ 花子"
MAX_NAME_CHARS = 64  # a name travels in the QR: longer ones only make the code harder to read
CARD_DAYS = 365
# Issued a day back, so a laptop whose clock is behind the one that made the card still takes it.
BACKDATE_SECONDS = 86400


class BadDemoName(ValueError):
    """A --name that cannot go on a card (empty, too long, control characters, lone surrogates)."""


@lru_cache(maxsize=1)
def signing_key() -> SigningKey:
    key = load_private_key(resource_path(KEY_FILE))
    return SigningKey(key.private_key, DEMO_KID)


def demo_keys() -> KeySet:
    return KeySet.from_jwks({"keys": [public_jwk(signing_key().public_key, DEMO_KID)]})


def trusted_keys(platform_keys: KeySet, *, enrolled: bool) -> KeySet:
    """What a station trusts: the central's platform keys, plus the demo key while not enrolled."""
    real = platform_keys.without(DEMO_KID)
    if enrolled:
        return real
    try:
        demo = demo_keys()
    except (OSError, KeyFileError):
        # An installation missing its demo key still records by hand (self-test names the fault).
        log.exception("demo key unreadable; demo cards will be refused")
        return real
    return KeySet.from_jwks({"keys": real.to_jwks()["keys"] + demo.to_jwks()["keys"]})


def card_name(name: str | None) -> str:
    """The display name as it will be printed on the card; BadDemoName says why not."""
    if name is None:
        return DEFAULT_NAME
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise BadDemoName("the name is not valid text (lone surrogate)")
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise BadDemoName("the name is empty")
    if len(name) > MAX_NAME_CHARS:
        raise BadDemoName(f"the name is longer than {MAX_NAME_CHARS} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise BadDemoName("the name contains control or unassigned characters")
    return name


def issue(name: str | None = None, *, now: float | None = None) -> str:
    """A demo card for a new pseudonymous person (`demo-…`): each card is someone else."""
    iat = int(time.time() if now is None else now) - BACKDATE_SECONDS
    return issue_card(signing_key(), iss=DEMO_ISSUER, sub="demo-" + secrets.token_urlsafe(9),
                      name=card_name(name), iat=iat, days=CARD_DAYS)
