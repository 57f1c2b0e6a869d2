"""Stations: the local government's enrolled stations (label, last seen, last sync, records, clock,
status, designated as a whole, proposals waiting) with revoke and 包括指定 (designation_pages.py), and
one-time enrolment codes shown as the QR code the station's first-run screen reads (the text of
furusato/enrollment_qr.py: the central's address and the code).

The address in the QR is FURUSATO_CENTRAL_PUBLIC_URL when set (as for `enrollment-code --qr`),
otherwise the address this page was opened at, and is printed under the code so staff can check it.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import func, select

from central import admin, clock, enrollment, ingest
from central.console import audit, designation
from central.console.signer import KIND as CONSOLE_KIND
from central.console.web import PREFIX, Console, Ctx, NotFound, Refused, qr_data_uri, redirect
from central.store.tables import activities, devices, enrollment_codes, records
from furusato import enrollment_qr
from furusato.activity_proposal import DESIGNATED, PROPOSED


def list_stations(conn, lg_code: str) -> list[dict]:
    counts = dict(conn.execute(select(records.c.device_id, func.count()).join(devices, devices.c.id == records.c.device_id)
                               .where(devices.c.lg_code == lg_code).group_by(records.c.device_id)).all())
    waiting = dict(conn.execute(select(activities.c.proposed_by, func.count())
                                .join(devices, devices.c.id == activities.c.proposed_by)
                                .where(devices.c.lg_code == lg_code, activities.c.status == PROPOSED)
                                .group_by(activities.c.proposed_by)).all())
    rows = conn.execute(select(devices).where(devices.c.lg_code == lg_code, devices.c.kind != CONSOLE_KIND)
                        .order_by(devices.c.enrolled_at)).all()
    return [{
        "id": r.id, "label": r.label, "status": r.status, "enrolled_at": r.enrolled_at, "revoked_at": r.revoked_at,
        "last_seen_at": r.last_seen_at, "last_sync_at": r.last_sync_at, "records": counts.get(r.id, 0),
        "clock_offset_s": r.clock_offset_s,
        "clock_off": r.clock_offset_s is not None and abs(r.clock_offset_s) > ingest.CLOCK_SKEW_SECONDS,
        "designated_whole": bool(r.designated_whole), "proposed": waiting.get(r.id, 0),
    } for r in rows]


def designated_as_whole(conn, lg_code: str, device_id: str) -> dict | None:
    """A station of `lg_code` designated as a whole, with its activities that were designated for it."""
    row = conn.execute(select(devices).where(devices.c.id == device_id, devices.c.lg_code == lg_code,
                                             devices.c.designated_whole.is_(True))).first()
    if row is None:
        return None
    found = conn.execute(select(activities.c.id, activities.c.title).where(
        activities.c.proposed_by == device_id, activities.c.status == DESIGNATED,
        activities.c.decision_note == designation.WHOLE_NOTE).order_by(activities.c.starts_at)).all()
    return {"id": row.id, "label": row.label or row.id, "activities": [{"id": a.id, "title": a.title} for a in found]}


def open_codes(conn, lg_code: str) -> list[dict]:
    rows = conn.execute(select(enrollment_codes).where(enrollment_codes.c.lg_code == lg_code,
                                                       enrollment_codes.c.used_at.is_(None))
                        .order_by(enrollment_codes.c.created_at.desc())).all()
    now = clock.now()
    return [{"code": r.code, "expires_at": r.expires_at} for r in rows if clock.parse(r.expires_at) > now]


def router(console: Console) -> APIRouter:
    r = APIRouter()

    def server_url(request: Request) -> str:
        return console.public_url or str(request.base_url).rstrip("/")

    @r.get("/stations")
    def stations_page(request: Request, ctx: Ctx = Depends(console.signed_in), new: str | None = None,
                      whole: str | None = Query(None, max_length=100), error: str | None = None):
        with console.reading() as conn:
            stations = list_stations(conn, ctx.user.lg_code)
            codes = open_codes(conn, ctx.user.lg_code) if ctx.user.may_change else []
            designated = designated_as_whole(conn, ctx.user.lg_code, whole) if whole else None
        server = server_url(request)
        for code in codes:
            code["qr_text"] = enrollment_qr.make(server, code["code"])
            code["qr"] = qr_data_uri(code["qr_text"], 5)
        return console.render("stations.html", ctx, stations=stations, codes=codes, server=server, new=new,
                              designated=designated, error=error if error == "revoked" else None)

    @r.post("/stations/codes")
    def new_code(ctx: Ctx = Depends(console.changing)):
        try:
            days = int(ctx.form.get("days") or enrollment.DEFAULT_CODE_DAYS)
        except ValueError:
            days = enrollment.DEFAULT_CODE_DAYS
        days = min(max(days, 1), 30)
        with console.writing() as conn:
            made = enrollment.new_code(conn, ctx.user.lg_code, days=days)
            # The code is the secret a station enrols with: the audit names when, not the code.
            audit.write(conn, ctx.user, ctx.user.lg_code, "enrollment_code_created", None, days=days)
        return redirect(f"{PREFIX}/stations?new={made['code']}")

    @r.post("/stations/{device_id}/revoke")
    def revoke(device_id: str, ctx: Ctx = Depends(console.changing)):
        if not ctx.user.is_admin:
            raise Refused()
        with console.writing() as conn:
            row = conn.execute(select(devices).where(devices.c.id == device_id, devices.c.lg_code == ctx.user.lg_code,
                                                     devices.c.kind != CONSOLE_KIND)).first()
            if row is None:
                raise NotFound()
            admin.revoke_device(conn, device_id)
            audit.write(conn, ctx.user, ctx.user.lg_code, "station_revoked", audit.ref(device_id))
        return redirect(f"{PREFIX}/stations")

    return r
