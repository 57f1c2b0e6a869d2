"""An activity created where it happens: the definition a station signs into its ledger.

A neighbourhood association's meeting or a fire brigade's drill may be designated by the local
government as a whole (III-2-4: 包括的な意思決定), and the body is expected to capture participation
itself. So a station may create an activity offline; the definition travels as a ledger record of
type `activity` (signed and chained like any check-in) and reaches the central as a *proposal*, which
counts once the local government designates it. Station and central check a definition with the
same rules, here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from furusato import lgcodes
from furusato.activity import Activity, ActivityKind, local_day, parse_instant

RECORD_TYPE = "activity"
# The ledger's person slot of an activity record: the station that made it.
DEVICE_PREFIX = "device:"
FIELDS = ("title", "kind", "content", "place", "venue", "designating_lg", "start", "end")
MAX_TITLE = 200
MAX_TEXT = 2000
MAX_DAYS = 366
# Records count from 2026-04 on (III-3-2 STEP2): an activity that ended before cannot be made.
FIRST_DAY = date(2026, 4, 1)

# Where an activity stands with the local government that must designate it.
DESIGNATED = "designated"  # 指定済み
PROPOSED = "proposed"  # 提案中
REFUSED = "refused"  # 指定されず
STATUSES = (DESIGNATED, PROPOSED, REFUSED)


class ProposalInvalid(ValueError):
    """`field` names what is wrong, `reason` says how (a code the UI turns into words)."""

    def __init__(self, field: str, message: str, reason: str = "invalid"):
        super().__init__(message)
        self.field, self.reason = field, reason

    def to_json(self) -> dict[str, str]:
        return {"error": str(self), "field": self.field, "reason": self.reason}


def new_activity_id() -> str:
    """Unique without a network: two offline stations never pick the same id."""
    return f"st-{uuid.uuid4().hex}"


def _text(data: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ProposalInvalid(name, f"{name} must be text", "not_text")
    value = value.strip()
    if required and not value:
        raise ProposalInvalid(name, f"{name} is empty", "empty")
    if len(value) > limit:
        raise ProposalInvalid(name, f"{name} is longer than {limit} characters", "too_long")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value) or any(ord(ch) < 0x20 and ch not in "\n\t" for ch in value):
        raise ProposalInvalid(name, f"{name} holds characters that are not text", "not_text")
    return value


def _code(data: Mapping[str, Any], name: str) -> lgcodes.LocalGovernment:
    value = data.get(name)
    found = lgcodes.lookup(value) if isinstance(value, str) and lgcodes.is_valid_code(value) else None
    if found is None:
        raise ProposalInvalid(name, f"{name} is not a local-government code in the master", "unknown_code")
    return found


def validate(activity_id: Any, data: Any, *, source: str = "station") -> Activity:
    """The definition as an Activity, or ProposalInvalid naming the first field that is wrong."""
    if not isinstance(activity_id, str) or not 1 <= len(activity_id) <= 64:
        raise ProposalInvalid("id", "an activity id is 1–64 characters", "bad_id")
    if not isinstance(data, Mapping):
        raise ProposalInvalid("def", "the definition is not an object", "not_object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ProposalInvalid(unknown[0], f"unknown field {unknown[0]!r}", "unknown_field")
    title = _text(data, "title", MAX_TITLE, required=True)
    try:
        kind = ActivityKind(data.get("kind"))
    except ValueError:
        raise ProposalInvalid("kind", f"kind must be one of {', '.join(k.value for k in ActivityKind)}",
                              "unknown_kind") from None
    venue = _code(data, "venue")
    designating = _code(data, "designating_lg")
    if designating.kind == "ward":
        raise ProposalInvalid("designating_lg", "a ward cannot designate activities (III-2-4)", "ward")
    try:
        starts, ends = parse_instant(str(data.get("start", ""))), parse_instant(str(data.get("end", "")))
    except (ValueError, OverflowError):
        raise ProposalInvalid("start", "start and end must be ISO 8601 date-times", "bad_time") from None
    if ends <= starts:
        raise ProposalInvalid("end", "the end must be after the start", "end_before_start")
    if local_day(ends) < FIRST_DAY:
        raise ProposalInvalid("end", "activities before 2026-04-01 do not count (III-3-2)", "before_system")
    if ends - starts > timedelta(days=MAX_DAYS):
        raise ProposalInvalid("end", f"an activity lasts at most {MAX_DAYS} days", "too_long_period")
    return Activity(
        id=activity_id, title=title, kind=kind, designating_lg=designating.code, venue_lg=venue.code,
        starts_at=starts, ends_at=ends, content=_text(data, "content", MAX_TEXT),
        place=_text(data, "place", MAX_TEXT), source=source,
    )


def definition(activity: Activity) -> dict[str, str]:
    """What the ledger record carries (and `validate` reads back)."""
    return {
        "title": activity.title, "kind": str(activity.kind), "content": activity.content,
        "place": activity.place, "venue": activity.venue_lg, "designating_lg": activity.designating_lg,
        "start": activity.starts_at.isoformat(), "end": activity.ends_at.isoformat(),
    }


def device_person(device_id: str) -> str:
    return f"{DEVICE_PREFIX}{device_id}"
