"""Activities a station created offline, and the local government's decision on them (III-2-4).

A station's signed `activity` record (furusato/activity_proposal.py) becomes a catalogue row with
status `proposed` — or `designated` at once when the local government has designated that station's
organisation as a whole (`designate-station`). Attendance at a proposed activity is kept as evidence
and counts once the activity is designated; a refused activity's attendance stays recorded but never
counts (central/person_eligibility.py reads only designated activities). The station learns the
decision from the catalogue (`GET /v1/activities`, `status` and `status_note`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.admin import AdminError, activity_json
from central.store.tables import activities, devices
from furusato import activity_proposal as proposal


def accept(conn: Connection, device_id: str, device_lg: str, designated_whole: bool, body: Mapping[str, Any],
           known: set[str]) -> list[str]:
    """Catalogue the activity an accepted `activity` record defines; returns the record's flags.

    The record itself is always kept (it is signed and in the chain); a definition that fails the
    rules, or an id already taken, only flags it. The station's own local government is the one that
    decides, whatever the definition says."""
    try:
        activity = proposal.validate(body.get("activity"), body.get("def"))
    except proposal.ProposalInvalid:
        return ["bad_activity"]
    if activity.id in known:
        return ["activity_conflict"]
    flags = [] if activity.designating_lg == device_lg else ["designating_lg_replaced"]
    now = clock.iso()
    conn.execute(insert(activities).values(
        id=activity.id, title=activity.title, kind=str(activity.kind), venue=activity.venue_lg,
        designating_lg=device_lg, place=activity.place, content=activity.content,
        starts_at=activity.starts_at.isoformat(), ends_at=activity.ends_at.isoformat(), updated_at=now,
        status=proposal.DESIGNATED if designated_whole else proposal.PROPOSED, proposed_by=device_id,
        decided_at=now if designated_whole else None,
        decision_note="designated_whole" if designated_whole else None,
    ))
    known.add(activity.id)
    return flags


def _proposed_row(conn: Connection, activity_id: str):
    row = conn.execute(select(activities).where(activities.c.id == activity_id)).first()
    if row is None:
        raise AdminError(f"unknown activity {activity_id!r}", "id")
    if row.proposed_by is None:
        raise AdminError(f"{activity_id} was not proposed by a station; it is designated already", "id")
    return row


def _decide(conn: Connection, activity_id: str, status: str, note: str | None) -> dict[str, Any]:
    now = clock.iso()
    conn.execute(update(activities).where(activities.c.id == activity_id)
                 .values(status=status, decided_at=now, decision_note=note, updated_at=now))
    return activity_json(conn.execute(select(activities).where(activities.c.id == activity_id)).one())


def designate(conn: Connection, activity_id: str) -> dict[str, Any]:
    """A proposed (or refused) activity becomes designated: its attendance counts from now on."""
    _proposed_row(conn, activity_id)
    return _decide(conn, activity_id, proposal.DESIGNATED, None)


def refuse(conn: Connection, activity_id: str, reason: str) -> dict[str, Any]:
    reason = (reason or "").strip()
    if not reason:
        raise AdminError("a refusal needs a reason the station can show", "reason")
    if len(reason) > 500:
        raise AdminError("the reason is longer than 500 characters", "reason")
    _proposed_row(conn, activity_id)
    return _decide(conn, activity_id, proposal.REFUSED, reason)


def designate_station(conn: Connection, device_id: str) -> dict[str, Any]:
    """The station's organisation is designated as a whole: what it proposed and still waits for is
    designated now, and what it creates from now on is designated as it arrives."""
    row = conn.execute(select(devices).where(devices.c.id == device_id)).first()
    if row is None:
        raise AdminError(f"unknown device {device_id!r}", "device")
    if row.status != "active":
        raise AdminError(f"device {device_id} is {row.status}", "device")
    conn.execute(update(devices).where(devices.c.id == device_id).values(designated_whole=True))
    waiting = conn.execute(select(activities.c.id).where(
        activities.c.proposed_by == device_id, activities.c.status == proposal.PROPOSED)).scalars().all()
    for activity_id in waiting:
        _decide(conn, activity_id, proposal.DESIGNATED, "designated_whole")
    return {"device": device_id, "designated_whole": True, "designated": sorted(waiting)}


def list_proposed(conn: Connection, lg: str | None = None) -> list[dict[str, Any]]:
    query = select(activities).where(activities.c.proposed_by.is_not(None)).order_by(activities.c.updated_at)
    if lg is not None:
        query = query.where(activities.c.designating_lg == lg)
    return [activity_json(row) for row in conn.execute(query)]
