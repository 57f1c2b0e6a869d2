"""Activities: the list (today / upcoming / past, search), create and edit, one activity with its
attendance and the evidence behind it, its activity code and A4 poster, its attendance as .xlsx.

An activity is the user's to edit when their local government designated it; the others of the
area (a prefecture's user looking at a municipality's) are read only.
"""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from central import admin, clock, person_eligibility
from central.console import audit, evidence, exports, poster, scope, signer
from central.console.web import PREFIX, Console, Ctx, NotFound, Refused, download, qr_data_uri, redirect
from central.store.tables import activities, attendance
from furusato.activity import JST, ActivityKind

WHEN = ("today", "upcoming", "past", "all")


def status_of(row: Any) -> str:
    """Issue 15 adds `activities.status` (proposed / designated / refused); until then all are designated."""
    return getattr(row, "status", None) or "designated"


def activity_view(row: Any) -> dict[str, Any]:
    item = admin.activity_json(row)
    start, end = clock.parse(item["start"]).astimezone(JST), clock.parse(item["end"]).astimezone(JST)
    return {**item, "status": status_of(row), "starts": start, "ends": end, "multi_day": end.date() > start.date()}


def get_activity(conn: Connection, area: scope.Area, activity_id: str) -> dict[str, Any]:
    row = conn.execute(select(activities).where(activities.c.id == activity_id, scope.activity_in(area))).first()
    if row is None:
        raise NotFound()
    return activity_view(row)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().replace(" ", "")


def list_activities(conn: Connection, area: scope.Area, when: str, q: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(activities).where(scope.activity_in(area))
                        .order_by(activities.c.starts_at, activities.c.id)).all()
    today = datetime.now(JST).date()
    needle = _fold(q)
    found = []
    for row in rows:
        item = activity_view(row)
        first, last = item["starts"].date(), item["ends"].date()
        if when == "today" and not first <= today <= last:
            continue
        if when == "upcoming" and first <= today:
            continue
        if when == "past" and last >= today:
            continue
        if needle and not any(needle in _fold(item[k]) for k in ("title", "place", "content", "id")):
            continue
        found.append(item)
    if when == "past":
        found.reverse()  # the most recent first
    counted = person_eligibility.counted_attendance()  # an active station record, or a self check-in
    ids = [a["id"] for a in found]
    counts: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        counts.update(conn.execute(
            select(attendance.c.activity_id, func.count()).where(attendance.c.activity_id.in_(ids[i:i + 500]),
                                                                 attendance.c.id.in_(counted))
            .group_by(attendance.c.activity_id)).all())
    for item in found:
        item["attendance"] = counts.get(item["id"], 0)
    return found


def _form_values(form: dict[str, str]) -> dict[str, str]:
    return {k: (form.get(k) or "").strip() for k in ("title", "kind", "venue", "place", "content", "start", "end")}


def router(console: Console) -> APIRouter:
    r = APIRouter()

    @r.get("/activities")
    def list_page(ctx: Ctx = Depends(console.signed_in), when: str = "today", q: str = Query("", max_length=200)):
        when = when if when in WHEN else "today"
        with console.reading() as conn:
            found = list_activities(conn, ctx.area, when, q)
        return console.render("activities.html", ctx, activities=found, when=when, q=q)

    def form_page(ctx: Ctx, values: dict[str, str], activity: dict | None, error: tuple | None = None,
                  status: int = 200):
        return console.render("activity_form.html", ctx, status, values=values, activity=activity, error=error,
                              kinds=[k.value for k in ActivityKind], venues=scope.venue_choices(ctx.area))

    @r.get("/activities/new")
    def new_page(ctx: Ctx = Depends(console.signed_in)):
        if not ctx.user.may_change:
            raise Refused()
        now = datetime.now(JST).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        values = {"title": "", "kind": "designated_project", "venue": ctx.area.lg, "place": "", "content": "",
                  "start": f"{now.replace(hour=9):%Y-%m-%dT%H:%M}", "end": f"{now.replace(hour=16):%Y-%m-%dT%H:%M}"}
        return form_page(ctx, values, None)

    def save(ctx: Ctx, activity_id: str | None):
        values = _form_values(ctx.form)
        if activity_id is not None:  # another local government's activity is not found before anything else
            with console.reading() as conn:
                if get_activity(conn, ctx.area, activity_id)["designating_lg"] != ctx.user.lg_code:
                    raise Refused()
        if len(values["title"]) > 200:
            return form_page(ctx, values, None, ("title", "too_long"), 400)
        for name in ("title", "place", "content"):
            allowed = "\n\r\t" if name == "content" else ""
            if any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in values[name]):
                return form_page(ctx, values, None, (name, "invalid"), 400)
        if values["venue"] not in ctx.area.venues:
            return form_page(ctx, values, None, ("venue", "not_in_area"), 400)
        try:
            with console.writing() as conn:
                if activity_id is not None:
                    existing = get_activity(conn, ctx.area, activity_id)
                    if existing["designating_lg"] != ctx.user.lg_code:
                        raise Refused()
                saved = admin.upsert_activity(
                    conn, id=activity_id or f"c-{uuid.uuid4().hex[:16]}", title=values["title"],
                    kind=values["kind"], venue=values["venue"], start=values["start"], end=values["end"],
                    designating=ctx.user.lg_code, place=values["place"][:500], content=values["content"][:2000])
                audit.write(conn, ctx.user, ctx.user.lg_code,
                            "activity_updated" if activity_id else "activity_created",
                            saved["id"], kind=saved["kind"], venue=saved["venue"])
        except admin.AdminError as exc:  # refused before anything was written; the transaction rolled back
            return form_page(ctx, values, {"id": activity_id} if activity_id else None, (exc.field, str(exc)), 400)
        return redirect(f"{PREFIX}/activities/{saved['id']}")

    @r.post("/activities")
    def create(ctx: Ctx = Depends(console.changing)):
        return save(ctx, None)

    @r.get("/activities/{activity_id}")
    def detail_page(activity_id: str, ctx: Ctx = Depends(console.signed_in)):
        with console.reading() as conn:
            activity = get_activity(conn, ctx.area, activity_id)
            found = evidence.attendances(conn, ctx.area, activity_id=activity_id, with_details=ctx.user.sees_personal)
        editable = ctx.user.may_change and activity["designating_lg"] == ctx.user.lg_code
        return console.render("activity.html", ctx, activity=activity, attendances=found, editable=editable,
                              counted=sum(1 for a in found if a.counted))

    @r.get("/activities/{activity_id}/edit")
    def edit_page(activity_id: str, ctx: Ctx = Depends(console.signed_in)):
        with console.reading() as conn:
            activity = get_activity(conn, ctx.area, activity_id)
        if not ctx.user.may_change or activity["designating_lg"] != ctx.user.lg_code:
            raise Refused()
        values = {**{k: activity[k] for k in ("title", "kind", "venue", "place", "content")},
                  "start": f"{activity['starts']:%Y-%m-%dT%H:%M}", "end": f"{activity['ends']:%Y-%m-%dT%H:%M}"}
        return form_page(ctx, values, activity)

    @r.post("/activities/{activity_id}")
    def update(activity_id: str, ctx: Ctx = Depends(console.changing)):
        return save(ctx, activity_id)

    def signed_code(ctx: Ctx, activity_id: str) -> tuple[dict, str]:
        with console.writing() as conn:
            activity = get_activity(conn, ctx.area, activity_id)
            token = signer.activity_code(signer.signer_for(conn, ctx.user.lg_code), activity)
        return activity, token

    @r.get("/activities/{activity_id}/qr")
    def qr_page(activity_id: str, ctx: Ctx = Depends(console.signed_in)):
        activity, token = signed_code(ctx, activity_id)
        return console.render("activity_qr.html", ctx, activity=activity, qr=qr_data_uri(token, 8))

    @r.get("/activities/{activity_id}/poster.pdf")
    async def poster_pdf(activity_id: str, ctx: Ctx = Depends(console.signed_in)):
        activity, token = await run_in_threadpool(signed_code, ctx, activity_id)
        try:
            content = await run_in_threadpool(poster.poster_pdf, activity, token)
        except poster.NoJapaneseFont:
            return console.render("error.html", ctx, 503, code="no_font")
        return download(content, "application/pdf", f"poster-{activity_id}.pdf")

    @r.get("/activities/{activity_id}/attendance.xlsx")
    def attendance_xlsx(activity_id: str, ctx: Ctx = Depends(console.signed_in)):
        with console.reading() as conn:
            activity = get_activity(conn, ctx.area, activity_id)
            found = evidence.attendances(conn, ctx.area, activity_id=activity_id, with_details=ctx.user.sees_personal)
        with console.writing() as conn:
            audit.write(conn, ctx.user, ctx.user.lg_code, "export_activity", activity_id, rows=len(found),
                        personal=ctx.user.sees_personal)
        content = exports.attendance_workbook(found, {activity_id: activity}, personal=ctx.user.sees_personal)
        return download(content, exports.XLSX, f"attendance-{activity_id}.xlsx")

    return r
