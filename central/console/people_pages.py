"""People and progress: search the card holders and hand-recorded people of the area; one person's
history across the area's activities and their count towards premium for the user's local
government — the engine's own verdict for a card holder the central knows (`person_eligibility`),
the count alone for anyone it cannot judge yet (a hand-recorded person, a card without a record).

Personal details are read only for roles that see them; a viewer finds people by their
pseudonymous reference and sees no name. Searching by a name reads the details of the area's
records only (they may be sealed at rest: they are opened through central/record_details.py).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import person_eligibility, record_details
from central.console import evidence, scope
from central.console.activity_pages import activity_view
from central.console.web import Console, Ctx, NotFound
from central.store.tables import activities, applications, attendance, attendance_evidence, persons, records
from furusato.eligibility import CaseError

MAX_RESULTS = 200


def _fold(text: Any) -> str:
    return re.sub(r"[\s\-‐－ー()（）]", "", unicodedata.normalize("NFKC", text).casefold()) if isinstance(text, str) else ""


def _people(conn: Connection, area: scope.Area, with_details: bool) -> dict[str, dict[str, Any]]:
    """Everyone with attendance in the area → {"person", "kind", "details", "days"}."""
    query = (select(attendance.c.person, attendance.c.day, records.c.record_id, records.c.details,
                    records.c.received_at)
             .join(attendance_evidence, attendance_evidence.c.attendance_id == attendance.c.id)
             .join(records, records.c.record_id == attendance_evidence.c.record_id)
             .where(scope.attendance_in(area), scope.record_in(area))
             .order_by(records.c.received_at))
    found: dict[str, dict[str, Any]] = {}
    for row in conn.execute(query):
        item = found.setdefault(row.person, {"person": row.person, "kind": "card" if row.person.startswith("card:")
                                             else "hand", "details": None, "days": set()})
        item["days"].add(row.day)
        if with_details:
            details = record_details.from_stored(conn, row.record_id, row.details)
            if details is not None:
                item["details"] = details
    return found


def search(conn: Connection, area: scope.Area, q: str, with_details: bool) -> list[dict[str, Any]]:
    needle = _fold(q)
    hits = []
    for item in _people(conn, area, with_details).values():
        d = item["details"] or {}
        fields = [item["person"]]
        if with_details:
            fields += [d.get("name"), d.get("name_kana"), d.get("email"), d.get("phone"), d.get("birth_date")]
            phone = d.get("phone")
            if isinstance(phone, str) and phone.startswith("+81"):
                fields.append("0" + phone[3:])  # how people type it
        if not needle or any(needle in _fold(f) for f in fields):
            hits.append({**item, "last_day": max(item["days"]), "count_days": len(item["days"])})
    hits.sort(key=lambda h: h["last_day"], reverse=True)
    return hits[:MAX_RESULTS]


def person_progress(conn: Connection, person: str, lg: str) -> dict[str, Any]:
    """{"verdict": the engine's answer or None, "progress": count-only, "why": why no verdict}."""
    if person.startswith("card:"):
        try:
            return {"verdict": person_eligibility.eligibility(conn, person, lg), "progress": None, "why": None}
        except person_eligibility.UnknownPerson:
            why = "unknown_person"
        except person_eligibility.PersonIncomplete:
            why = "person_incomplete"
        except CaseError:
            why = "bad_case"
    else:
        why = "hand_recorded"
    return {"verdict": None, "progress": person_eligibility.progress(conn, person, lg), "why": why}


def premium_held(conn: Connection, area: scope.Area, person: str) -> list[dict[str, Any]]:
    if not person.startswith("card:"):
        return []
    row = conn.execute(select(persons.c.premium).where(persons.c.sub == person[5:])).first()
    return [p for p in (row.premium if row else []) or [] if isinstance(p, dict) and p.get("lg") in area.local_governments]


def router(console: Console) -> APIRouter:
    r = APIRouter()

    @r.get("/people")
    def people_page(ctx: Ctx = Depends(console.signed_in), q: str = Query("", max_length=200)):
        with console.reading() as conn:
            found = search(conn, ctx.area, q, ctx.user.sees_personal)
        return console.render("people.html", ctx, people=found, q=q, max_results=MAX_RESULTS)

    @r.get("/people/{person}")
    def person_page(person: str, ctx: Ctx = Depends(console.signed_in)):
        with console.reading() as conn:
            history = evidence.attendances(conn, ctx.area, person=person, with_details=ctx.user.sees_personal)
            if not history:
                raise NotFound()
            ids = sorted({a.activity_id for a in history})
            titles = {row.id: activity_view(row) for row in conn.execute(
                select(activities).where(activities.c.id.in_(ids), scope.activity_in(ctx.area)))}
            progress = person_progress(conn, person, ctx.user.lg_code)
            held = premium_held(conn, ctx.area, person)
            apps = conn.execute(select(applications).where(
                applications.c.person == person.removeprefix("card:"),
                applications.c.lg_code.in_(ctx.area.local_governments))
                .order_by(applications.c.submitted_at.desc())).all() if person.startswith("card:") else []
        details = next((a.details for a in reversed(history) if a.details), None) if ctx.user.sees_personal else None
        return console.render("person.html", ctx, person=person, history=history, activities=titles,
                              progress=progress, held=held, applications=apps, details=details,
                              kind="card" if person.startswith("card:") else "hand")

    return r
