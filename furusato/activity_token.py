"""Activity codes (活動QR, CONTRACTS §1): signed by a station's device key, shown for phones to scan.

Checked in the same order as cards (see furusato.card_token), with the activity's own window:
`not_yet_valid` when now < nbf − skew, `expired` when now ≥ exp + skew. There is no revocation step.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from furusato.card_token import SKEW_SECONDS, is_int, is_text, open_signed, sign_compact, window_outcome
from furusato.keys import KeySet, SigningKey
from furusato.outcomes import VALID

ACTIVITY_TYP = "frr-activity+jwt"
LG_PATTERN = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class ActivityCheck:
    outcome: str
    claims: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == VALID


def activity_claims_ok(claims: Mapping[str, Any]) -> bool:
    lg = claims.get("lg")
    return (
        is_text(claims.get("iss"))
        and is_text(claims.get("act"))
        and isinstance(lg, str)
        and LG_PATTERN.fullmatch(lg) is not None
        and isinstance(claims.get("title"), str)
        and all(is_int(claims.get(name)) for name in ("nbf", "exp", "iat"))
    )


def issue_activity_code(
    device_key: SigningKey,
    *,
    device_id: str,
    activity_id: str,
    lg: str,
    title: str,
    nbf: int,
    exp: int,
    iat: int | None = None,
) -> str:
    claims = {
        "iss": device_id,
        "act": activity_id,
        "lg": lg,
        "title": title,
        "nbf": nbf,
        "exp": exp,
        "iat": int(time.time()) if iat is None else iat,
    }
    if not activity_claims_ok(claims):
        raise ValueError(f"not a well-formed activity code: {claims!r}")
    return sign_compact(device_key, ACTIVITY_TYP, claims)


def verify_activity_code(
    token: str,
    trusted: KeySet,
    now: float | None = None,
    skew: int = SKEW_SECONDS,
) -> ActivityCheck:
    """Never raises; claims only when valid."""
    opened = open_signed(token, trusted, ACTIVITY_TYP, activity_claims_ok)
    if opened.claims is None:
        return ActivityCheck(opened.outcome)
    claims = opened.claims
    outcome = window_outcome(time.time() if now is None else now, claims["nbf"], claims["exp"], skew)
    return ActivityCheck(outcome, claims if outcome == VALID else None)
