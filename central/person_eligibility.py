"""`GET /v1/eligibility`: the premium rules evaluated over the central's own records.

The case of CONTRACTS §4 is built from the `persons` row (residence, My Number check, minor,
guardian consent, premium held), the person's counted attendance (an attendance with at least one
active evidence row from a station, or the participant's own check-in with their phone, at a
*designated* activity, its venue taken from the activity catalogue; attendance at an activity not in
the catalogue cannot be placed, and at one still proposed or refused does not count — both are left
out) and the local governments' settings, then handed to `furusato.eligibility.evaluate_json`
unchanged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.engine import Connection

from central import clock
from central.admin import settings
from central.store.tables import activities, attendance, attendance_evidence, persons, self_checkins
from furusato.activity_proposal import DESIGNATED
from furusato.eligibility import evaluate_json


class UnknownPerson(LookupError):
    pass


class PersonIncomplete(ValueError):
    pass


def person_sub(person: str) -> str:
    return person[len("card:") :] if person.startswith("card:") else person


def counted_attendance():
    """Attendance ids with evidence that stands: an active station record, or a self check-in."""
    return union(
        select(attendance_evidence.c.attendance_id).where(attendance_evidence.c.active.is_(True)),
        select(self_checkins.c.attendance_id),
    )


def build_case(conn: Connection, person: str, lg: str, as_of: date | None = None) -> dict[str, Any]:
    sub = person_sub(person)
    row = conn.execute(select(persons).where(persons.c.sub == sub)).first()
    if row is None:
        raise UnknownPerson(sub)
    if row.residence is None:
        raise PersonIncomplete("the person's residence is not known")
    rows = conn.execute(
        select(attendance.c.activity_id, attendance.c.day, activities.c.venue)
        .join(activities, activities.c.id == attendance.c.activity_id)
        .where(attendance.c.person == f"card:{sub}", attendance.c.id.in_(counted_attendance()),
               activities.c.status == DESIGNATED)
        .order_by(attendance.c.day, attendance.c.activity_id)
    ).all()
    return {
        "as_of": (as_of or clock.today()).isoformat(),
        "person": {
            "residence": row.residence,
            "mynumber_verified": row.mynumber_verified,
            "minor": row.minor,
            "guardian_consent": row.guardian_consent,
        },
        "premium": list(row.premium or []),
        "attendance": [{"activity": r.activity_id, "venue": r.venue, "date": r.day} for r in rows],
        "settings": settings(conn),
        "target": lg,
    }


def eligibility(conn: Connection, person: str, lg: str, as_of: date | None = None) -> dict[str, Any]:
    return evaluate_json(build_case(conn, person, lg, as_of))
