"""A participant's progress toward premium, as far as this station knows it: "2 of 3".

Counted by the real engine (`furusato.eligibility.evaluate`), never by rules of our own: the
station builds a CASE.json from its attendance projection exactly as the central does from its
database (central/person_eligibility.py) — one row per active check-in, the venue from the
activities table — and reads back `count` and `required`.

What the station does not know, and how that shows:

- The person (residence, My Number check, age): the engine needs a `person`, and `count` and
  `required` do not depend on it (they come from attendance, settings, target and as_of only).
  A fixed stand-in fills the slot and the verdict and reasons it affects are thrown away — the
  station shows a count, never "eligible".
- The local government's settings (a higher `required`, "consecutive days each count"): neither
  enrolment nor the pulls carry them, so the engine's defaults apply — the national minimum of 3
  (II-4-3) and runs of days counting once. `Progress.required_known` is False then, and the UI
  says so. The central's answer carries the real figure.
- Other stations' records: only the central has them. Hence the source on every figure.

Attendance at an activity made at a station counts only once the local government designated it
(furusato/activity_proposal.py): until then it is kept apart as `waiting` — "2/3回, 1 more waits
for designation" — and attendance at a refused activity is not counted at all.

Hand-recorded people are counted too, by their station-local pseudonym (`manual:<digest>`, the
same name and birth date give the same key on this station): their check-ins are evidence of
activities from 2026-04 on (III-3-2 STEP2) and a coordinator may tell them "one more to go" as
well. They are never asked of the central, which files nobody under that key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import bindparam, select

from desktop.store.tables import activities, attendance
from furusato.activity_proposal import DESIGNATED, PROPOSED
from furusato.eligibility import CaseError, evaluate, parse_case, window

log = logging.getLogger(__name__)

STATION = "station"  # counted from this station's own records
CENTRAL = "central"  # the central's answer to GET /v1/eligibility

CARD_PREFIX = "card:"

# The engine needs a person; the count does not (see the module docstring). 千代田区 is only a
# well-formed municipality code here: nothing derived from it is ever shown.
_STAND_IN_PERSON = {"residence": "131016", "mynumber_verified": False, "minor": False}

# Active check-ins of one person inside the window, with the venue of their activity. Attendance
# at an activity this station has no row for cannot be placed and is left out, as on the central.
_ROWS = (
    select(attendance.c.activity_id, attendance.c.day, activities.c.venue_lg, activities.c.status)
    .join(activities, activities.c.id == attendance.c.activity_id)
    .where(
        attendance.c.person_key == bindparam("person"),
        attendance.c.status == "active",
        attendance.c.day >= bindparam("first"),
        attendance.c.day <= bindparam("last"),
    )
)


@dataclass(frozen=True)
class Progress:
    """Counted activities for `lg` in the 12-month window ending on `as_of`."""

    person: str
    lg: str
    as_of: date
    count: int
    required: int
    source: str  # STATION or CENTRAL
    required_known: bool = True  # False: the station assumed the national minimum
    waiting: int = 0  # attendance days at activities still proposed: they count once designated

    @property
    def reached(self) -> bool:
        return self.count >= self.required


def is_card(person: str | None) -> bool:
    return bool(person) and person.startswith(CARD_PREFIX)


def rows_by_status(engine, person: str, as_of: date) -> dict[str, list[dict[str, str]]]:
    """The CASE.json attendance rows for `person`, by the status of their activity: only the window's
    days are read (the engine would drop the rest anyway), so a long-serving station costs no more
    than a new one."""
    by_status: dict[str, list[dict[str, str]]] = {}
    first, last = window(as_of)
    if first > last:
        return by_status
    with engine.connect() as conn:
        found = conn.execute(_ROWS, {"person": person, "first": first.isoformat(), "last": last.isoformat()})
        for r in found:
            by_status.setdefault(r.status, []).append({"activity": r.activity_id, "venue": r.venue_lg, "date": r.day})
    return by_status


def attendance_rows(engine, person: str, as_of: date) -> list[dict[str, str]]:
    """The rows that count: attendance at designated activities."""
    return rows_by_status(engine, person, as_of).get(DESIGNATED, [])


def count_progress(rows: list[dict[str, str]], person: str, lg: str, as_of: date) -> Progress:
    """Rows in, the engine's count out. Raises CaseError on a code the master does not know."""
    case = {"as_of": as_of.isoformat(), "person": _STAND_IN_PERSON, "attendance": rows, "target": lg}
    result = evaluate(parse_case(case))
    return Progress(person=person, lg=lg, as_of=as_of, count=result.count, required=result.required,
                    source=STATION, required_known=False)


def station_progress(station, person: str, as_of: date) -> Progress | None:
    """This station's figure for `person` toward its own local government; None when the station has
    no local government or its records cannot be placed (logged, never raised at a check-in)."""
    lg = station.local_government
    if not lg or not person:
        return None
    by_status = rows_by_status(station.engine, person, as_of)
    rows, waiting = by_status.get(DESIGNATED, []), by_status.get(PROPOSED, [])
    try:
        progress = count_progress(rows, person, lg, as_of)
        if waiting:
            # What designation would add, by the engine's own rules (a run of days may count once).
            progress = replace(progress, waiting=count_progress(rows + waiting, person, lg, as_of).count - progress.count)
        return progress
    except CaseError as exc:
        log.warning("progress not counted: %s (%s)", exc.message, exc.field)
        return None
