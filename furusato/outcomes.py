"""The one vocabulary every scan or manual entry ends in (CONTRACTS §2).

Core code returns these codes; only the UI turns them into words.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    UNREADABLE = "unreadable"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    WRONG_TYPE = "wrong_type"
    ACTIVITY_NOT_OPEN = "activity_not_open"
    INVALID_INPUT = "invalid_input"

    @property
    def is_refusal(self) -> bool:
        return self not in (Outcome.RECORDED, Outcome.DUPLICATE)


# Token verification alone (before any ledger lookup) answers "valid" or one of the refusals.
VALID = "valid"
