"""The evidence behind an attendance, as the console shows it: which device, card or hand, flags,
and what withdrew it (a cancellation or correction), read in the user's area only.

The evidence kind is decided here and only here: `card` (a registration card's QR), `hand` (typed
at a station), `console` (typed in the console, records kept before the system) and `self` (the
participant's own phone, POST /v1/self-checkins: a row of `self_checkins`, not a ledger record).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from central import record_details
from central.console import scope
from central.console.signer import KIND as CONSOLE_KIND
from central.store.tables import attendance, attendance_evidence, devices, records, self_checkins


def kind_of(device_kind: str, person_ref: str) -> str:
    if device_kind == CONSOLE_KIND:
        return "console"
    return "card" if person_ref.startswith("card:") else "hand"


@dataclass
class Evidence:
    record_id: str
    device_id: str
    device_label: str
    kind: str
    type: str
    station_at: str
    received_at: str
    flags: list[str]
    active: bool
    withdrawn_type: str | None = None  # cancel | correct
    withdrawn_reason: str | None = None  # the operator's words: shown only to roles that see details


@dataclass
class Attendance:
    id: int
    person: str
    activity_id: str
    day: str
    evidence: list[Evidence] = field(default_factory=list)
    details: dict[str, Any] | None = None  # the newest details any evidence record brought

    @property
    def counted(self) -> bool:
        return any(e.active for e in self.evidence)


def attendances(conn: Connection, area: scope.Area, *, activity_id: str | None = None,
                person: str | None = None, day_from: str | None = None, day_to: str | None = None,
                with_details: bool = False) -> list[Attendance]:
    """Attendance in the area with its evidence, by day then person."""
    query = (
        select(attendance.c.id, attendance.c.person, attendance.c.activity_id, attendance.c.day,
               attendance_evidence.c.record_id, attendance_evidence.c.active, attendance_evidence.c.withdrawn_by,
               records.c.device_id, records.c.type, records.c.station_at, records.c.received_at, records.c.flags,
               records.c.person.label("ref"), records.c.details, devices.c.label, devices.c.kind)
        .join(attendance_evidence, attendance_evidence.c.attendance_id == attendance.c.id)
        .join(records, records.c.record_id == attendance_evidence.c.record_id)
        .join(devices, devices.c.id == records.c.device_id)
        .where(scope.attendance_in(area), scope.record_in(area))
        .order_by(attendance.c.day, attendance.c.id, records.c.received_at, records.c.seq)
    )
    if activity_id is not None:
        query = query.where(attendance.c.activity_id == activity_id)
    if person is not None:
        query = query.where(attendance.c.person == person)
    if day_from is not None:
        query = query.where(attendance.c.day >= day_from)
    if day_to is not None:
        query = query.where(attendance.c.day <= day_to)
    found: dict[int, Attendance] = {}
    withdrawals: dict[str, Evidence] = {}
    for row in conn.execute(query):
        item = found.setdefault(row.id, Attendance(row.id, row.person, row.activity_id, row.day))
        evidence = Evidence(row.record_id, row.device_id, row.label or row.device_id, kind_of(row.kind, row.ref),
                            row.type, row.station_at, row.received_at, list(row.flags or []), bool(row.active))
        item.evidence.append(evidence)
        if row.withdrawn_by:
            withdrawals[row.withdrawn_by] = evidence
        if with_details:
            details = record_details.from_stored(conn, row.record_id, row.details)
            if details is not None:
                item.details = details
    _withdrawn(conn, withdrawals)
    _self_checkins(conn, area, found, activity_id=activity_id, person=person, day_from=day_from, day_to=day_to)
    return sorted(found.values(), key=lambda a: (a.day, a.id))


def _self_checkins(conn: Connection, area: scope.Area, found: dict[int, Attendance], **where: str | None) -> None:
    """Participants' own check-ins with their phones (`self`), at the area's activities or by the
    codes of its stations: evidence without a ledger record, never withdrawn."""
    query = (
        select(self_checkins, attendance.c.person.label("attendance_person"), devices.c.label)
        .join(attendance, attendance.c.id == self_checkins.c.attendance_id)
        .join(devices, devices.c.id == self_checkins.c.device_id, isouter=True)
        .where(or_(self_checkins.c.activity_id.in_(scope.activity_ids(area)),
                   self_checkins.c.device_id.in_(select(devices.c.id).where(
                       devices.c.lg_code.in_(area.local_governments)))))
        .order_by(self_checkins.c.received_at)
    )
    if where["activity_id"] is not None:
        query = query.where(self_checkins.c.activity_id == where["activity_id"])
    if where["person"] is not None:
        query = query.where(attendance.c.person == where["person"])
    if where["day_from"] is not None:
        query = query.where(self_checkins.c.day >= where["day_from"])
    if where["day_to"] is not None:
        query = query.where(self_checkins.c.day <= where["day_to"])
    for row in conn.execute(query):
        item = found.setdefault(row.attendance_id, Attendance(row.attendance_id, row.attendance_person,
                                                              row.activity_id, row.day))
        item.evidence.append(Evidence(row.id, row.device_id, row.label or row.device_id, "self", "checkin",
                                      row.at, row.received_at, list(row.flags or []), True))


def _withdrawn(conn: Connection, withdrawals: dict[str, Evidence]) -> None:
    ids = sorted(withdrawals)
    for i in range(0, len(ids), 500):
        for row in conn.execute(select(records.c.record_id, records.c.type, records.c.payload)
                                .where(records.c.record_id.in_(ids[i:i + 500]))):
            evidence = withdrawals[row.record_id]
            evidence.withdrawn_type = row.type
            try:
                reason = json.loads(row.payload).get("reason")
            except ValueError:
                reason = None
            evidence.withdrawn_reason = reason if isinstance(reason, str) else None


def display_name(details: dict[str, Any] | None) -> str | None:
    name = (details or {}).get("name")
    return name if isinstance(name, str) and name.strip() else None


def short_ref(person: str) -> str:
    """A pseudonymous handle a viewer may see: the kind and the first characters of the reference."""
    kind, _, rest = person.partition(":")
    return f"{kind}:{rest[:10]}…" if len(rest) > 10 else person
