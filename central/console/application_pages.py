"""Premium applications: the queue with the system's automatic verdict and its reasons, approve or
refuse with a note — approval judges again on the day, as `furusato-central approve` does
(central/applications.py) — the premium registrations held here with their expiry, and lapse.

Applications to a municipality are read by its prefecture's users too; only the local government
applied to decides.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import select

from central import applications, clock, premium
from central.console import audit
from central.console.web import PREFIX, Console, Ctx, NotFound, Refused, redirect
from central.store.tables import applications as applications_table
from central.store.tables import persons

DECIDED_SHOWN = 100


def queue(conn, area) -> tuple[list[dict], list[dict]]:
    rows = conn.execute(select(applications_table)
                        .where(applications_table.c.lg_code.in_(area.local_governments))
                        .order_by(applications_table.c.submitted_at)).all()
    found = [applications.application_json(r) for r in rows]
    pending = [a for a in found if a["status"] == applications.PENDING]
    decided = [a for a in reversed(found) if a["status"] != applications.PENDING][:DECIDED_SHOWN]
    return pending, decided


def registrations(conn, area) -> list[dict]:
    applicants = select(applications_table.c.person).where(applications_table.c.lg_code.in_(area.local_governments))
    today = clock.today().isoformat()
    held = []
    for row in conn.execute(select(persons.c.sub, persons.c.premium).where(persons.c.sub.in_(applicants))
                            .order_by(persons.c.sub)):
        for entry in row.premium or []:
            if isinstance(entry, dict) and entry.get("lg") in area.local_governments:
                held.append({"person": row.sub, "lg": entry["lg"], "expires": entry.get("expires"),
                             "lapsed": str(entry.get("expires")) < today})
    held.sort(key=lambda h: str(h["expires"]))
    return held


def router(console: Console) -> APIRouter:
    r = APIRouter()

    @r.get("/applications")
    def applications_page(ctx: Ctx = Depends(console.signed_in), done: str | None = None):
        with console.reading() as conn:
            pending, decided = queue(conn, ctx.area)
            held = registrations(conn, ctx.area)
        return console.render("applications.html", ctx, pending=pending, decided=decided, held=held, done=done)

    def decide(ctx: Ctx, application_id: str, action: str):
        try:
            with console.writing() as conn:
                row = conn.execute(select(applications_table.c.lg_code)
                                   .where(applications_table.c.id == application_id)).first()
                if row is None or row.lg_code not in ctx.area.local_governments:
                    raise NotFound()
                if row.lg_code != ctx.user.lg_code:
                    raise Refused()
                note = ctx.form.get("note", "")
                if action == "approve":
                    done = applications.approve(conn, application_id, None, note)
                else:
                    done = applications.refuse(conn, application_id, note)
                audit.write(conn, ctx.user, ctx.user.lg_code, f"application_{action}", application_id,
                            status=done["status"], note=bool(note.strip()))
        except applications.ApplicationError as exc:
            with console.reading() as conn:
                pending, decided = queue(conn, ctx.area)
                held = registrations(conn, ctx.area)
            return console.render("applications.html", ctx, exc.status,
                                  pending=pending, decided=decided, held=held, error=(application_id, exc.error),
                                  done=None)
        outcome = "approved" if done["status"] == applications.APPROVED else (
            "rechecked_refused" if action == "approve" else "refused")
        return redirect(f"{PREFIX}/applications?done={outcome}")

    @r.post("/applications/{application_id}/approve")
    def approve(application_id: str, ctx: Ctx = Depends(console.changing)):
        return decide(ctx, application_id, "approve")

    @r.post("/applications/{application_id}/refuse")
    def refuse(application_id: str, ctx: Ctx = Depends(console.changing)):
        return decide(ctx, application_id, "refuse")

    @r.post("/premium/lapse")
    def lapse(ctx: Ctx = Depends(console.changing)):
        with console.writing() as conn:
            done = premium.lapse_for(conn, [ctx.user.lg_code], clock.today())
            audit.write(conn, ctx.user, ctx.user.lg_code, "premium_lapsed", None, count=done["count"])
        return redirect(f"{PREFIX}/applications?done=lapsed&count={done['count']}")

    return r
