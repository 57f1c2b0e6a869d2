"""Signing in and out (CONTRACTS §5: a form with `login` and `password` posted to its action).

Before a session exists the form's CSRF token is a double-submit one: a random cookie that the
form repeats. Sign-in is throttled per login and per client (`throttle.py`).
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from central.console import accounts, audit, sessions, throttle
from central.console.web import LOGIN_PATH, PREFIX, Console, Ctx, redirect

PRE_COOKIE = "frr_console_pre"
MESSAGES = {
    "idle": ("操作がなかったため、サインアウトしました。", "Signed out after a period without activity."),
    "signed_out": ("サインアウトしました。", "Signed out."),
    "wrong": ("ログインIDまたはパスワードが違います。", "Wrong login or password."),
    "throttled": ("失敗が続いたため、しばらくサインインできません。15分ほどしてからもう一度お試しください。",
                  "Too many failed attempts: try again in about 15 minutes."),
    "stale": ("画面の有効期限が切れました。もう一度入力してください。", "The form expired: please enter it again."),
}


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def router(console: Console) -> APIRouter:
    r = APIRouter()

    def login_page(request: Request, message: str | None, status: int = 200, login: str = ""):
        token = secrets.token_urlsafe(24)
        page = console.render("login.html", None, status, token=token, message=MESSAGES.get(message or ""),
                              message_code=message, login=login)
        page.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", path=PREFIX, secure=_secure(request))
        return page

    @r.get("/login")
    def get_login(request: Request, m: str | None = None):
        return login_page(request, m if m in ("idle", "signed_out") else None)

    @r.post("/login")
    async def post_login(request: Request):
        form = await request.form()
        login, password, token = (form.get(k) for k in ("login", "password", "csrf"))
        login = login if isinstance(login, str) else ""
        if not isinstance(password, str) or not sessions.csrf_ok(request.cookies.get(PRE_COOKIE) or "\0", token):
            return login_page(request, "stale", 400, login[:64])
        client = request.client.host if request.client else "unknown"
        outcome, cookie = await run_in_threadpool(_sign_in, console, login, password, client)
        if outcome != "ok":
            return login_page(request, outcome, 401 if outcome == "wrong" else 429, login[:64])
        answer = redirect(f"{PREFIX}/activities")
        answer.set_cookie(sessions.COOKIE, cookie, httponly=True, samesite="strict", path=PREFIX,
                          secure=_secure(request))
        answer.delete_cookie(PRE_COOKIE, path=PREFIX)
        return answer

    @r.post("/logout")
    def post_logout(ctx: Ctx = Depends(console.posted)):
        with console.writing() as conn:
            sessions.end(conn, ctx.session)
            audit.write(conn, ctx.user, ctx.user.lg_code,
                        "sign_out_idle" if ctx.form.get("idle") == "1" else "sign_out")
        answer = redirect(f"{LOGIN_PATH}?m={'idle' if ctx.form.get('idle') == '1' else 'signed_out'}")
        answer.delete_cookie(sessions.COOKIE, path=PREFIX)
        return answer

    @r.get("/")
    def home():
        return redirect(f"{PREFIX}/activities")

    return r


def _sign_in(console: Console, login: str, password: str, client: str) -> tuple[str, str | None]:
    with console.writing() as conn:
        if throttle.blocked(conn, login, client):
            return "throttled", None
        user = accounts.authenticate(conn, login, password)
        if user is None:
            throttle.failed(conn, login, client)
            return "wrong", None
        throttle.succeeded(conn, login)
        token, _ = sessions.start(conn, user)
        audit.write(conn, user, user.lg_code, "sign_in")
    return "ok", token
