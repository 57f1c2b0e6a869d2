"""Records kept before the system (III-3-2 STEP2): one record typed into a form, or an organiser's
list uploaded (.xlsx or CSV); every failing row is shown with its reasons and nothing is imported
until all pass (central/console/pre_system.py).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from central import clock
from central.console import audit, pre_system, scope
from central.console.activity_pages import activity_view, get_activity
from central.console.web import PREFIX, Console, Ctx, redirect
from central.store.tables import activities
from furusato.activity import ActivityKind
from furusato.eligibility import RECORDS_FROM
from furusato.manual_record import ManualRecordInvalid

FORM_FIELDS = pre_system.PERSON_FIELDS


class _Rejected(Exception):
    def __init__(self, errors: list[pre_system.RowError]):
        self.errors = errors


def choosable(conn, area: scope.Area) -> list[dict]:
    """Activities of the area that have begun, from 2026-04-01, newest first."""
    today = clock.today()
    rows = conn.execute(select(activities).where(scope.activity_in(area)).order_by(activities.c.starts_at.desc()))
    found = [activity_view(r) for r in rows]
    return [a for a in found if RECORDS_FROM <= a["ends"].date() and a["starts"].date() <= today][:300]


def router(console: Console) -> APIRouter:
    r = APIRouter()

    def page(ctx: Ctx, status: int = 200, **values):
        with console.reading() as conn:
            options = choosable(conn, ctx.area)
        values.setdefault("form", {})
        return console.render("records.html", ctx, status, activities=options, kinds=[k.value for k in ActivityKind],
                              venues=scope.venue_choices(ctx.area), fields=FORM_FIELDS,
                              max_rows=pre_system.MAX_ROWS, columns=pre_system.COLUMNS,
                              required_columns=pre_system.REQUIRED_COLUMNS, **values)

    @r.get("/records")
    def records_page(ctx: Ctx = Depends(console.signed_in), done: str | None = None, n: int = 0):
        return page(ctx, done=done, n=n)

    @r.post("/records/one")
    def one_record(ctx: Ctx = Depends(console.changing)):
        form = ctx.form
        data = {k: form[k] for k in FORM_FIELDS if k in form and k != "guardian_consent" and form[k].strip()}
        if form.get("guardian_consent") == "on":
            data["guardian_consent"] = True
        try:
            with console.writing() as conn:
                activity = get_activity(conn, ctx.area, form.get("activity", ""))
                try:
                    day = date.fromisoformat(form.get("day", "").strip())
                except ValueError:
                    day = None
                problem = pre_system.day_problem(day, activity, clock.today())
                errors = [pre_system.RowError(2, "day", problem)] if problem else []
                try:
                    entry = pre_system.single_entry(conn, activity, day or activity["starts"].date(), data)
                except ManualRecordInvalid as invalid:
                    errors += [pre_system.RowError(2, f, reason) for f, reason in invalid.errors.items()]
                if errors:
                    raise _Rejected(errors)
                problems, done = pre_system.import_entries(conn, ctx.area, ctx.user.lg_code, [entry],
                                                           kind=activity["kind"], venue=activity["venue"],
                                                           activity_id=activity["id"])
                if problems.errors:
                    raise _Rejected(problems.errors)
                audit.write(conn, ctx.user, ctx.user.lg_code, "pre_system_record", activity["id"],
                            records=done["records"])
        except _Rejected as rejected:
            return page(ctx, 400, form_errors=rejected.errors, form=form)
        return redirect(f"{PREFIX}/records?done=one&n=1")

    @r.post("/records/upload")
    async def upload(ctx: Ctx = Depends(console.uploading)):
        upload_file = ctx.files.get("file")
        if upload_file is None:
            return page(ctx, 400, file_error=("unreadable", ()), form=ctx.form)
        content = await upload_file.read(pre_system.UPLOAD_MAX_BYTES + 1)
        filename = upload_file.filename or ""
        return await run_in_threadpool(_import, ctx, filename, content)

    def _import(ctx: Ctx, filename: str, content: bytes):
        form = ctx.form
        kind = form.get("kind", "designated_project")
        venue = form.get("venue", ctx.user.lg_code)
        if kind not in {k.value for k in ActivityKind} or venue not in ctx.area.venues:
            return page(ctx, 400, file_error=("invalid", ()), form=form)
        try:
            rows = pre_system.read_table(filename, content)
        except pre_system.UnreadableList as bad:
            return page(ctx, 400, file_error=(bad.reason, bad.columns), form=form)
        try:
            with console.writing() as conn:
                checked = pre_system.check_rows(conn, rows)
                if checked.errors:
                    raise _Rejected(checked.errors)
                problems, done = pre_system.import_entries(conn, ctx.area, ctx.user.lg_code, checked.entries,
                                                           kind=kind, venue=venue)
                if problems.errors:
                    raise _Rejected(problems.errors)
                audit.write(conn, ctx.user, ctx.user.lg_code, "pre_system_upload", None, rows=len(rows),
                            records=done["records"], activities=done["activities"])
        except _Rejected as rejected:
            return page(ctx, 400, upload_errors=rejected.errors, rows=len(rows), form=form)
        return redirect(f"{PREFIX}/records?done=upload&n={done['records']}")

    return r
