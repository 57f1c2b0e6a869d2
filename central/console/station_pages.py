"""Stations: the local government's enrolled stations (label, last seen, last sync, records, clock,
status) with revoke, and one-time enrolment codes shown as the QR code the station's first-run
screen reads (the text of furusato/enrollment_qr.py: the central's address and the code).

The address in the QR is FURUSATO_CENTRAL_PUBLIC_URL when set (as for `enrollment-code --qr`),
otherwise the address this page was opened at, and is printed under the code so staff can check it.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import func, select

from central import admin, clock, enrollment, ingest
from central.console import audit
from central.console.signer import KIND as CONSOLE_KIND
from central.console.web import PREFIX, Console, Ctx, NotFound, Refused, qr_data_uri, redirect
from central.store.tables import devices, enrollment_codes, records
from furusato import enrollment_qr


def list_stations(conn, lg_code: str) -> list[dict]:
    counts = dict(conn.execute(select(records.c.device_id, func.count()).join(devices, devices.c.id == records.c.device_id)
                               .where(devices.c.lg_code == lg_code).group_by(records.c.device_id)).all())
    rows = conn.execute(select(devices).where(devices.c.lg_code == lg_code, devices.c.kind != CONSOLE_KIND)
                        .order_by(devices.c.enrolled_at)).all()
    return [{
        "id": r.id, "label": r.label, "status": r.status, "enrolled_at": r.enrolled_at, "revoked_at": r.revoked_at,
        "last_seen_at": r.last_seen_at, "last_sync_at": r.last_sync_at, "records": counts.get(r.id, 0),
        "clock_offset_s": r.clock_offset_s,
        "clock_off": r.clock_offset_s is not None and abs(r.clock_offset_s) > ingest.CLOCK_SKEW_SECONDS,
    } for r in rows]


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
    def stations_page(request: Request, ctx: Ctx = Depends(console.signed_in), new: str | None = None):
        with console.reading() as conn:
            stations = list_stations(conn, ctx.user.lg_code)
            codes = open_codes(conn, ctx.user.lg_code) if ctx.user.may_change else []
        server = server_url(request)
        for code in codes:
            code["qr_text"] = enrollment_qr.make(server, code["code"])
            code["qr"] = qr_data_uri(code["qr_text"], 5)
        return console.render("stations.html", ctx, stations=stations, codes=codes, server=server, new=new)

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
            audit.write(conn, ctx.user, ctx.user.lg_code, "station_revoked", device_id[:100])
        return redirect(f"{PREFIX}/stations")

    return r
