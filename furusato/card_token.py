"""Registration cards (登録証, CONTRACTS §1): issued by the platform, checked offline by stations.

Check order — the first failing step names the outcome, so every token gets exactly one answer:

1. ``unreadable``    not text, longer than MAX_TOKEN_CHARS, not three dot-separated segments, a
                     header that is not canonical base64url of a JSON object, ``alg`` other than
                     EdDSA, a ``crit``/``b64`` header, or a non-string ``typ``/``kid``.
2. ``wrong_type``    ``typ`` absent or not exactly ``frr-card+jwt`` (an activity code, a plain JWT).
3. ``unknown_key``   ``kid`` absent or not in the trusted set.
4. ``bad_signature`` the signature, checked by PyJWT with the key named by ``kid``, does not hold
                     over the header and payload segments as sent. The payload is not decoded
                     before this step, so any change to the claims segment — even one that breaks
                     its base64 — lands here rather than in ``unreadable``.
5. ``unreadable``    the signed payload is not a JSON object read by ``furusato.safe_json``
                     (strict UTF-8, no lone surrogate such as ``"\\ud800"`` and no NUL in any
                     string, no duplicate key, bounded depth and numbers) with well-typed claims:
                     ``iss`` a non-empty string, ``sub`` matching SUB_PATTERN, ``iat`` and ``exp``
                     integers, ``mnv``/``minor``/``gc`` booleans, ``name`` a string when present.
                     A signature proves who made a token, not that its text can be stored: a name
                     no UTF-8 can hold would fail only later, in the ledger.
6. ``not_yet_valid`` now < iat − skew;  ``expired`` now ≥ exp + skew.
7. ``revoked``       ``sub`` is on the revocation list.

Steps 1–3 run before the signature only to name the refusal; nothing unsigned is ever accepted.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt

from furusato import safe_json
from furusato.keys import ALG, KeySet, SigningKey
from furusato.outcomes import VALID, Outcome

CARD_TYP = "frr-card+jwt"
SKEW_SECONDS = 300
DEFAULT_CARD_DAYS = 365
# A QR code holds under 3 KB; anything longer was never ours, and the cap bounds the work done.
MAX_TOKEN_CHARS = 4096
SUB_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")

# Keyboard-wedge scanners and copy-paste add line ends; they are never part of a compact JWS.
_EDGE_WHITESPACE = " \t\r\n"
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_JWS = jwt.PyJWS()
# Claims are a few flat members; the token's own cap bounds their bytes.
CLAIMS_JSON = safe_json.Limits(max_bytes=MAX_TOKEN_CHARS, max_depth=4, max_string=MAX_TOKEN_CHARS)

UNREADABLE = Outcome.UNREADABLE.value
WRONG_TYPE = Outcome.WRONG_TYPE.value
UNKNOWN_KEY = Outcome.UNKNOWN_KEY.value
BAD_SIGNATURE = Outcome.BAD_SIGNATURE.value
EXPIRED = Outcome.EXPIRED.value
NOT_YET_VALID = Outcome.NOT_YET_VALID.value
REVOKED = Outcome.REVOKED.value


@dataclass(frozen=True)
class CardCheck:
    outcome: str
    claims: dict[str, Any] | None = None
    # Why signed claims were refused as unreadable (e.g. "a lone surrogate ... (at name)"), or None.
    # For logs and operators; it names a claim, never its value. Not part of the answer's identity.
    reason: str | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.outcome == VALID


@dataclass(frozen=True)
class Opened:
    """Result of steps 1–5 shared by every token type: outcome, and the claims once signed."""

    outcome: str
    claims: dict[str, Any] | None = None
    reason: str | None = field(default=None, compare=False)


# --- shared by card and activity tokens -----------------------------------------------------------


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_text(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _b64url_decode(segment: str) -> bytes | None:
    if not segment or len(segment) % 4 == 1 or not _B64URL.fullmatch(segment):
        return None
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None
    # Refuse non-canonical encodings (stray low bits in the last character).
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != segment:
        return None
    return raw


def _read_header(segment: str) -> dict[str, Any] | None:
    raw = _b64url_decode(segment)
    if raw is None:
        return None
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return header if isinstance(header, dict) else None


def open_signed(
    token: Any,
    trusted: KeySet,
    typ: str,
    claims_ok: Callable[[dict[str, Any]], bool],
) -> Opened:
    """Steps 1–5 of the module docstring for any of our token types. Never raises."""
    try:
        return _open_signed(token, trusted, typ, claims_ok)
    except Exception:  # noqa: BLE001 — a scanner feeds arbitrary bytes; fail closed, never crash
        return Opened(UNREADABLE)


def _open_signed(
    token: Any, trusted: KeySet, typ: str, claims_ok: Callable[[dict[str, Any]], bool]
) -> Opened:
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError:
            return Opened(UNREADABLE)
    if not isinstance(token, str):
        return Opened(UNREADABLE)
    token = token.strip(_EDGE_WHITESPACE)
    if len(token) > MAX_TOKEN_CHARS or not token.isascii():
        return Opened(UNREADABLE)
    segments = token.split(".")
    if len(segments) != 3:
        return Opened(UNREADABLE)

    header = _read_header(segments[0])
    if header is None or header.get("alg") != ALG:
        return Opened(UNREADABLE)
    # We implement no JWS extensions, and RFC 7515 §4.1.11 says to refuse what is marked critical.
    if "crit" in header or "b64" in header:
        return Opened(UNREADABLE)
    token_typ, kid = header.get("typ"), header.get("kid")
    if (token_typ is not None and not isinstance(token_typ, str)) or (
        kid is not None and not isinstance(kid, str)
    ):
        return Opened(UNREADABLE)

    if token_typ != typ:
        return Opened(WRONG_TYPE)

    key = trusted.get(kid) if kid is not None else None
    if key is None:
        return Opened(UNKNOWN_KEY)

    # PyJWT accepts '=' padding; a padded signature is not the compact form we issue.
    if "=" in segments[2]:
        return Opened(BAD_SIGNATURE)
    try:
        # PyJWS, not PyJWT: only the signature is checked here; claims and times are ours to judge.
        decoded = _JWS.decode_complete(token, key=key, algorithms=[ALG])
    except (jwt.InvalidSignatureError, jwt.DecodeError):
        # The header was already read, so a DecodeError here means the payload or signature
        # segment was altered: the signed bytes do not hold.
        return Opened(BAD_SIGNATURE)
    except jwt.PyJWTError:
        return Opened(UNREADABLE)

    try:
        claims = safe_json.loads(decoded["payload"], CLAIMS_JSON, "the signed claims")
    except safe_json.JSONRefused as refused:
        return Opened(UNREADABLE, reason=f"the signed claims: {refused}")
    if not isinstance(claims, dict) or not claims_ok(claims):
        return Opened(UNREADABLE, reason="the signed claims are not the claims of this token type")
    return Opened(VALID, claims)


def window_outcome(now: float, not_before: int, expires: int, skew: int) -> str:
    if now < not_before - skew:
        return NOT_YET_VALID
    if now >= expires + skew:
        return EXPIRED
    return VALID


def sign_compact(key: SigningKey, typ: str, claims: Mapping[str, Any]) -> str:
    # UTF-8 instead of \u escapes keeps Japanese names and titles short, so the QR stays small.
    payload = json.dumps(dict(claims), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _JWS.encode(payload, key.private_key, algorithm=ALG, headers={"typ": typ, "kid": key.kid})


# --- cards ----------------------------------------------------------------------------------------


def card_claims_ok(claims: Mapping[str, Any]) -> bool:
    sub = claims.get("sub")
    return (
        is_text(claims.get("iss"))
        and isinstance(sub, str)
        and SUB_PATTERN.fullmatch(sub) is not None
        and is_int(claims.get("iat"))
        and is_int(claims.get("exp"))
        and all(isinstance(claims.get(flag), bool) for flag in ("mnv", "minor", "gc"))
        and ("name" not in claims or isinstance(claims["name"], str))
    )


def issue_card(
    signing_key: SigningKey,
    *,
    iss: str,
    sub: str,
    name: str | None = None,
    mnv: bool = False,
    minor: bool = False,
    gc: bool = False,
    iat: int | None = None,
    exp: int | None = None,
    days: int | None = None,
) -> str:
    """Sign a card. Validity is `exp` if given, else `days` (default DEFAULT_CARD_DAYS) from `iat`."""
    if exp is not None and days is not None:
        raise ValueError("give exp or days, not both")
    iat = int(time.time()) if iat is None else iat
    if exp is None:
        exp = iat + 86400 * (DEFAULT_CARD_DAYS if days is None else days)
    claims: dict[str, Any] = {"iss": iss, "sub": sub, "iat": iat, "exp": exp}
    if name is not None:
        claims["name"] = name
    claims.update(mnv=mnv, minor=minor, gc=gc)
    # Issuing what stations would call unreadable helps no one: refuse it here, loudly
    # (a lone surrogate in `name` is a JSONRefused, itself a ValueError, naming the claim).
    safe_json.check(claims, CLAIMS_JSON, "the card's claims")
    if not card_claims_ok(claims):
        raise ValueError(f"not a well-formed card: {claims!r}")
    return sign_compact(signing_key, CARD_TYP, claims)


def verify_card(
    token: str,
    trusted: KeySet,
    revoked: Collection[str] = (),
    now: float | None = None,
    skew: int = SKEW_SECONDS,
) -> CardCheck:
    """Judge a scanned card offline, in the order of the module docstring. Never raises."""
    opened = open_signed(token, trusted, CARD_TYP, card_claims_ok)
    if opened.claims is None:
        return CardCheck(opened.outcome, reason=opened.reason)
    claims = opened.claims
    outcome = window_outcome(time.time() if now is None else now, claims["iat"], claims["exp"], skew)
    if outcome != VALID:
        return CardCheck(outcome)
    try:
        is_revoked = claims["sub"] in revoked
    except TypeError:
        is_revoked = True  # an unusable list must not let a card through
    if is_revoked:
        return CardCheck(REVOKED)
    return CardCheck(VALID, claims)
