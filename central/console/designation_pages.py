"""The local government's decisions on what its stations made (III-2-4), from the console:

- `POST /console/activities/{id}/designate` — 指定する: the proposed (or refused) activity counts.
- `POST /console/activities/{id}/refuse` — 指定しない, with a reason (`reason`) the station shows;
  the records stay, and never count.
- `POST /console/stations/{id}/designate` — 包括指定: the station's organisation is designated as a
  whole; what it proposed and still waits is designated now, what it makes later as it arrives.

Admin and staff of the deciding local government (designation.py), each with the session's CSRF
token and an audit entry of ids and counts. Anything outside the user's area is 404 first.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends
from sqlalchemy import select

from central import admin, proposed_activities
from central.console import audit, designation
from central.console.activity_pages import detail, get_activity
from central.console.signer import KIND as CONSOLE_KIND
from central.console.web import PREFIX, Console, Ctx, NotFound, Refused, redirect
from central.store.tables import devices


class _Undecidable(Exception):
    """The activity no longer allows this decision (decided meanwhile, or never a proposal)."""


class _BadReason(Exception):
    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def router(console: Console) -> APIRouter:
    r = APIRouter()

    def decide(ctx: Ctx, activity_id: str, action: str):
        reason = (ctx.form.get("reason") or "").strip() if action == designation.REFUSE else ""
        try:
            with console.writing() as conn:  # checked and decided in one transaction: no decision in between
                activity = get_activity(conn, ctx.area, activity_id)  # 404 outside the area
                if activity["designating_lg"] != ctx.user.lg_code:
                    raise Refused()  # a prefecture's user, or a neighbour's venue: the station's own decides
                if action not in designation.decisions(ctx.user, activity):
                    raise _Undecidable()
                problem = designation.reason_problem(reason) if action == designation.REFUSE else None
                if problem is not None:
                    raise _BadReason(problem)
                if action == designation.DESIGNATE:
                    proposed_activities.designate(conn, activity_id)
                else:
                    proposed_activities.refuse(conn, activity_id, reason)
                audit.write(conn, ctx.user, ctx.user.lg_code,
                            "activity_designated" if action == designation.DESIGNATE else "activity_refused",
                            audit.ref(activity_id), station=audit.ref(activity["proposed_by"]),
                            was=activity["status"], reason_chars=len(reason))
        except _BadReason as bad:
            return detail(console, ctx, activity_id, 400, error=("reason", bad.problem), reason=reason)
        except (_Undecidable, admin.AdminError):
            return detail(console, ctx, activity_id, 409, error=("decision", "undecidable"))
        done = "designated" if action == designation.DESIGNATE else "refused"
        return redirect(f"{PREFIX}/activities/{quote(activity_id, safe='')}?done={done}")

    @r.post("/activities/{activity_id}/designate")
    def designate(activity_id: str, ctx: Ctx = Depends(console.changing)):
        return decide(ctx, activity_id, designation.DESIGNATE)

    @r.post("/activities/{activity_id}/refuse")
    def refuse(activity_id: str, ctx: Ctx = Depends(console.changing)):
        return decide(ctx, activity_id, designation.REFUSE)

    @r.post("/stations/{device_id}/designate")
    def designate_station(device_id: str, ctx: Ctx = Depends(console.changing)):
        with console.writing() as conn:
            row = conn.execute(select(devices.c.status).where(
                devices.c.id == device_id, devices.c.lg_code == ctx.user.lg_code,
                devices.c.kind != CONSOLE_KIND)).first()
            if row is None:
                raise NotFound()
            if row.status != "active":
                return redirect(f"{PREFIX}/stations?error=revoked")
            done = proposed_activities.designate_station(conn, device_id)
            audit.write(conn, ctx.user, ctx.user.lg_code, "station_designated_whole", audit.ref(device_id),
                        designated=len(done["designated"]))
        return redirect(f"{PREFIX}/stations?whole={quote(device_id, safe='')}")

    return r
