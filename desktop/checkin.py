"""Turning a scanned card or a hand-typed record into exactly one outcome of CONTRACTS §2.

Every input path — webcam, scanner gun, manual form, command line — ends here, so the rules for
what is recorded, what is a duplicate and what is refused live in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.scanner.wedge_readings import readings
from desktop.station import Station
from desktop.store.ledger import DuplicateAttendance
from furusato.activity import JST, Activity, local_day
from furusato.card_token import CardCheck, verify_card
from furusato.ledger_record import digest
from furusato.manual_record import ManualRecordInvalid, validate_manual_record
from furusato.outcomes import VALID, Outcome


@dataclass(frozen=True)
class CheckinResult:
    outcome: Outcome
    record_id: str | None = None
    fields: tuple[str, ...] = ()
    field_errors: Mapping[str, str] = field(default_factory=dict)
    display_name: str | None = None
    existing_record_id: str | None = None
    person_key: str | None = None
    # Where and when a recorded or duplicate check-in belongs: the check-in page updates its count
    # and recent list from these rather than reading the day again.
    activity_id: str | None = None
    at: datetime | None = None
    reason: str | None = None  # why a card was unreadable, when its claims say (never a claim's value)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"outcome": str(self.outcome), "record_id": self.record_id}
        if self.outcome is Outcome.INVALID_INPUT:
            out["fields"] = list(self.fields)
            out["errors"] = dict(self.field_errors)
        if self.existing_record_id:
            out["existing_record_id"] = self.existing_record_id
        if self.reason:
            out["error"] = self.reason
        return out


class UnknownActivity(LookupError):
    pass


class CheckinService:
    def __init__(self, station: Station):
        self._station = station

    def activity(self, activity_id: str) -> Activity:
        activity = self._station.activities.get(activity_id)
        if activity is None:
            raise UnknownActivity(activity_id)
        return activity

    def check_in_token(self, activity_id: str, token: str, at: datetime | None = None, *,
                       typed: bool = False) -> CheckinResult:
        """`typed`: the token came through a keyboard (a scanner gun), which may have bent it on the way
        (layout, CapsLock, full-width input): its readings are tried before it is refused."""
        at = _now(at)
        activity = self.activity(activity_id)
        token = token.strip()  # scanner guns end with CR/LF; the stored evidence is the bare token
        token, check = self._verify_typed(token, at) if typed else (token, self._verify(token, at))
        if check.outcome != VALID:
            return CheckinResult(Outcome(check.outcome), reason=check.reason)
        claims = check.claims
        if not activity.is_open(at):
            return CheckinResult(Outcome.ACTIVITY_NOT_OPEN)
        name = claims.get("name")
        details = {"name": name, "token": token} if name else {"token": token}
        card = {
            "iss": claims.get("iss"),
            "iat": claims.get("iat"),
            "exp": claims.get("exp"),
            "token_sha256": digest(token.encode("ascii", "replace")),
        }
        return self._record(activity, at, f"card:{claims['sub']}", details, {"card": card}, name)

    def _verify(self, token: str, at: datetime) -> CardCheck:
        station = self._station
        return verify_card(token, station.trusted_keys, station.revoked_subjects, now=at.timestamp())

    def _verify_typed(self, text: str, at: datetime) -> tuple[str, CardCheck]:
        """The reading whose check got furthest; a signature that holds ends the search. Which reading
        is right is for the signature alone to say, so no reading can make a bad card good."""
        best: tuple[int, str, CardCheck] | None = None
        for reading in readings(text):
            check = self._verify(reading.strip(), at)
            rank = _CHECK_DEPTH.get(check.outcome, 0)
            if best is None or rank > best[0]:
                best = (rank, reading.strip(), check)
            if rank == _SIGNATURE_HELD:
                break
        return best[1], best[2]

    def check_in_manual(self, activity_id: str, data: Mapping[str, Any], at: datetime | None = None) -> CheckinResult:
        at = _now(at)
        activity = self.activity(activity_id)
        try:
            record = validate_manual_record(data, today=local_day(at))
        except ManualRecordInvalid as invalid:
            return CheckinResult(Outcome.INVALID_INPUT, fields=tuple(invalid.fields), field_errors=dict(invalid.errors))
        if not activity.is_open(at):
            return CheckinResult(Outcome.ACTIVITY_NOT_OPEN)
        facts = record.record_details()  # acceptance time, minor, guardian consent: evidence, not identity
        details = {**record.personal_details(), **facts}
        person_key = self._station.manual_person_key(record.name, record.birth_date)
        return self._record(activity, at, person_key, details, {"manual": facts}, record.name)

    def _record(
        self, activity: Activity, at: datetime, person_key: str, details: Mapping[str, Any],
        extra: Mapping[str, Any], display_name: str | None,
    ) -> CheckinResult:
        try:
            appended = self._station.ledger.check_in(
                activity_id=activity.id, day=local_day(at), at=at, person_key=person_key,
                details=details, extra=extra,
            )
        except DuplicateAttendance as duplicate:
            return CheckinResult(
                Outcome.DUPLICATE, existing_record_id=duplicate.existing_record_id,
                display_name=display_name, person_key=person_key, activity_id=activity.id, at=at,
            )
        return CheckinResult(
            Outcome.RECORDED, record_id=appended.record_id, display_name=display_name, person_key=person_key,
            activity_id=activity.id, at=at,
        )


# How far a reading's check got: not ours at all; a header we can read; a key we trust; a signature
# that holds (valid, or refused for its dates or revocation — still the right reading).
_SIGNATURE_HELD = 3
_CHECK_DEPTH = {
    Outcome.WRONG_TYPE.value: 1,
    Outcome.UNKNOWN_KEY.value: 1,
    Outcome.BAD_SIGNATURE.value: 2,
    VALID: _SIGNATURE_HELD,
    Outcome.EXPIRED.value: _SIGNATURE_HELD,
    Outcome.NOT_YET_VALID.value: _SIGNATURE_HELD,
    Outcome.REVOKED.value: _SIGNATURE_HELD,
}


def _now(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(JST)
    return at if at.tzinfo else at.replace(tzinfo=JST)
