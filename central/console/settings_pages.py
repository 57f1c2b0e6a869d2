"""The local government's settings (required count ≥ 3, consecutive days each count, long-stay
days, automatic approval), its console users, and the audit log. Administrators change them; the
other roles read the settings only.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import select

from central import admin
from central.console import accounts, audit
from central.console.web import PREFIX, Console, Ctx, Refused, redirect
from central.store.tables import local_governments


def _settings(conn, lg_code: str):
    return conn.execute(select(local_governments).where(local_governments.c.code == lg_code)).one()


def router(console: Console) -> APIRouter:
    r = APIRouter()

    def page(ctx: Ctx, status: int = 200, **values):
        with console.reading() as conn:
            lg = _settings(conn, ctx.user.lg_code)
            users = accounts.list_users(conn, ctx.user.lg_code) if ctx.user.is_admin else []
        return console.render("settings.html", ctx, status, lg=lg, users=users, roles=accounts.ROLES, **values)

    @r.get("/settings")
    def settings_page(ctx: Ctx = Depends(console.signed_in), done: str | None = None):
        return page(ctx, done=done)

    @r.post("/settings")
    def save_settings(ctx: Ctx = Depends(console.administering)):
        form = ctx.form
        try:
            required = int(form.get("required", ""))
        except ValueError:
            return page(ctx, 400, error=("required", "invalid"))
        long_stay_text = form.get("long_stay_days", "").strip()
        try:
            long_stay = int(long_stay_text) if long_stay_text else None
        except ValueError:
            return page(ctx, 400, error=("long_stay_days", "invalid"))
        if required > 365 or (long_stay is not None and long_stay > 366):
            return page(ctx, 400, error=("required" if required > 365 else "long_stay_days", "too_long"))
        try:
            with console.writing() as conn:
                saved = admin.upsert_lg(conn, ctx.user.lg_code, required=required,
                                        consecutive_each=form.get("consecutive_each") == "on",
                                        long_stay_days=long_stay, auto_approve=form.get("auto_approve") == "on")
                audit.write(conn, ctx.user, ctx.user.lg_code, "settings_changed", ctx.user.lg_code,
                            required=saved["required"], consecutive_each=saved["consecutive_days_each_count"],
                            long_stay_days=saved["long_stay_days"], auto_approve=saved["auto_approve"])
        except admin.AdminError as exc:
            return page(ctx, 400, error=(exc.field, "invalid"))
        return redirect(f"{PREFIX}/settings?done=settings")

    @r.post("/users")
    def create_user(ctx: Ctx = Depends(console.administering)):
        form = ctx.form
        try:
            with console.writing() as conn:
                made = accounts.create_user(conn, ctx.user.lg_code, form.get("login", ""), form.get("role", ""),
                                            form.get("password", ""))
                audit.write(conn, ctx.user, ctx.user.lg_code, "user_created", f"user:{made.id}", role=made.role)
        except accounts.AccountError as exc:
            return page(ctx, 400, user_error=(exc.field, str(exc)), new_login=form.get("login", "")[:64])
        return redirect(f"{PREFIX}/settings?done=user")

    @r.post("/users/{user_id}/disable")
    def disable_user(user_id: int, ctx: Ctx = Depends(console.administering)):
        if user_id == ctx.user.id:
            raise Refused()  # the last way in must not lock itself out by a slip
        with console.writing() as conn:
            if accounts.disable_user(conn, ctx.user.lg_code, user_id):
                audit.write(conn, ctx.user, ctx.user.lg_code, "user_disabled", f"user:{user_id}")
        return redirect(f"{PREFIX}/settings?done=user_disabled")

    @r.get("/audit")
    def audit_page(ctx: Ctx = Depends(console.signed_in)):
        if not ctx.user.is_admin:
            raise Refused()
        with console.reading() as conn:
            entries = audit.recent(conn, ctx.user.lg_code)
        return console.render("audit.html", ctx, entries=entries)

    return r
