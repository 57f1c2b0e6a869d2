"""Exports: the attendance of a date range as .xlsx (an activity's own is on its page)."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends
from sqlalchemy import select

from central import clock
from central.console import audit, evidence, exports, scope
from central.console.activity_pages import activity_view
from central.console.web import Console, Ctx, download
from central.store.tables import activities

MAX_DAYS = 366 * 2


def _day(text: str | None, default: date) -> date | None:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def router(console: Console) -> APIRouter:
    r = APIRouter()

    @r.get("/exports")
    def exports_page(ctx: Ctx = Depends(console.signed_in), start: str | None = None, end: str | None = None):
        today = clock.today()
        return console.render("exports.html", ctx, start=start or (today - timedelta(days=30)).isoformat(),
                              end=end or today.isoformat())

    @r.get("/exports/attendance.xlsx")
    def range_xlsx(ctx: Ctx = Depends(console.signed_in), start: str | None = None, end: str | None = None):
        today = clock.today()
        first, last = _day(start, today - timedelta(days=30)), _day(end, today)
        if first is None or last is None or last < first or (last - first).days > MAX_DAYS:
            return console.render("exports.html", ctx, 400, start=start or "", end=end or "", error="range")
        with console.reading() as conn:
            found = evidence.attendances(conn, ctx.area, day_from=first.isoformat(), day_to=last.isoformat(),
                                         with_details=ctx.user.sees_personal)
            ids = sorted({a.activity_id for a in found})
            known = {}
            for i in range(0, len(ids), 500):
                known.update({row.id: activity_view(row) for row in conn.execute(
                    select(activities).where(activities.c.id.in_(ids[i:i + 500]), scope.activity_in(ctx.area)))})
        with console.writing() as conn:
            audit.write(conn, ctx.user, ctx.user.lg_code, "export_range", None, rows=len(found),
                        start=first.isoformat(), end=last.isoformat(), personal=ctx.user.sees_personal)
        content = exports.attendance_workbook(found, known, personal=ctx.user.sees_personal)
        return download(content, exports.XLSX, f"attendance-{first.isoformat()}-{last.isoformat()}.xlsx")

    return r
