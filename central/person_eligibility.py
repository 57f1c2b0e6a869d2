"""`GET /v1/eligibility`: the premium rules evaluated over the central's own records.

The case of CONTRACTS §4 is built from the `persons` row (residence, My Number check, minor,
guardian consent, premium held), the person's counted attendance (an attendance with at least one
active evidence row from a station, or the participant's own check-in with their phone, at a
*designated* activity, its venue taken from the activity catalogue; attendance at an activity not in
the catalogue cannot be placed, and at one still proposed or refused does not count — both are left
out) and the local governments' settings, then handed to `furusato.eligibility.evaluate_json`
unchanged. A multi-day stay — a check-in and, on a later day, its check-out
(`attendance_evidence.exit_day`) — is one attendance row per calendar day of it, which is what §4's
`attendance` is ("one row per attended calendar day"): its days count for the long-stay mark
(II-4-5), and, where the local government counts consecutive days each (II-4-4), for the count too.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.engine import Connection

from central import clock
from central.admin import settings
from central.store.tables import activities, attendance, attendance_evidence, persons, self_checkins
from furusato.activity_proposal import DESIGNATED
from furusato.eligibility import evaluate_json, progress_json


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
    return {
        "as_of": (as_of or clock.today()).isoformat(),
        "person": {
            "residence": row.residence,
            "mynumber_verified": row.mynumber_verified,
            "minor": row.minor,
            "guardian_consent": row.guardian_consent,
        },
        "premium": list(row.premium or []),
        "attendance": _attendance(conn, f"card:{sub}"),
        "settings": settings(conn),
        "target": lg,
    }


def _attendance(conn: Connection, person: str) -> list[dict[str, str]]:
    last_day = (
        select(attendance_evidence.c.attendance_id, func.max(attendance_evidence.c.exit_day).label("exit_day"))
        .where(attendance_evidence.c.active.is_(True))
        .group_by(attendance_evidence.c.attendance_id)
        .subquery()
    )
    rows = conn.execute(
        select(attendance.c.activity_id, attendance.c.day, activities.c.venue, last_day.c.exit_day)
        .join(activities, activities.c.id == attendance.c.activity_id)
        .outerjoin(last_day, last_day.c.attendance_id == attendance.c.id)
        .where(attendance.c.person == person, attendance.c.id.in_(counted_attendance()),
               activities.c.status == DESIGNATED)
        .order_by(attendance.c.day, attendance.c.activity_id)
    ).all()
    attended: dict[tuple[str, str], str] = {}
    for found in rows:
        for day in _stay(found.day, found.exit_day):
            attended.setdefault((day, found.activity_id), found.venue)
    return [{"activity": activity, "venue": venue, "date": day} for (day, activity), venue in sorted(attended.items())]


def _stay(first: str, last: str | None) -> list[str]:
    """Every calendar day from the check-in's through the check-out's (just the first without one)."""
    start = date.fromisoformat(first)
    end = date.fromisoformat(last) if last and last > first else start
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def progress(conn: Connection, person: str, lg: str, as_of: date | None = None) -> dict[str, Any]:
    """The count towards `lg` of anyone with attendance here (`card:<sub>` or a hand-recorded
    `manual:` identity), without a verdict: `{"target", "count", "required", "stay_days"}`."""
    return progress_json({"as_of": (as_of or clock.today()).isoformat(), "attendance": _attendance(conn, person),
                          "settings": settings(conn), "target": lg})


def eligibility(conn: Connection, person: str, lg: str, as_of: date | None = None) -> dict[str, Any]:
    return evaluate_json(build_case(conn, person, lg, as_of))
