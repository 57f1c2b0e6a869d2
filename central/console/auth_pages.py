"""Signing in and out (CONTRACTS §5: a form with `login` and `password` posted to its action).

Before a session exists the form carries a token the central signed (HMAC over its time of issue,
valid for `LOGIN_TOKEN_HOURS`), so a client that fills the form as served gets in without keeping a
cookie first; a POST whose `Origin` is another site's is refused, which is what stops a foreign page
from signing a browser in. Sign-in is throttled per login and per client (`throttle.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from central import central_secrets
from central.console import accounts, audit, sessions, throttle
from central.console.web import LOGIN_PATH, PREFIX, Console, Ctx, redirect

LOGIN_TOKEN_HOURS = 2
_SECRET = "console-login/v1"
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


def _signature(key: bytes, issued: int) -> str:
    return hmac.new(key, f"login|{issued}".encode(), hashlib.sha256).hexdigest()


def login_token(console: Console) -> str:
    with console.writing() as conn:
        key = central_secrets.named(conn, _SECRET)
    issued = int(time.time())
    return f"{issued}.{_signature(key, issued)}"


def login_token_ok(console: Console, token: object) -> bool:
    if not isinstance(token, str) or len(token) > 100 or "." not in token:
        return False
    issued_text, _, signature = token.partition(".")
    if not issued_text.isascii() or not issued_text.isdigit():
        return False
    issued = int(issued_text)
    if not -60 <= time.time() - issued <= LOGIN_TOKEN_HOURS * 3600:
        return False
    with console.reading() as conn:  # made when the form was served; a key made here is never kept
        key = central_secrets.named(conn, _SECRET)
    return hmac.compare_digest(_signature(key, issued), signature)


def _same_site(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:  # not a browser's form (a browser's POST always names its origin, "null" if hidden)
        return True
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def router(console: Console) -> APIRouter:
    r = APIRouter()

    def login_page(message: str | None, status: int = 200, login: str = ""):
        return console.render("login.html", None, status, token=login_token(console),
                              message=MESSAGES.get(message or ""), message_code=message, login=login)

    @r.get("/login")
    def get_login(m: str | None = None):
        return login_page(m if m in ("idle", "signed_out") else None)

    @r.post("/login")
    async def post_login(request: Request):
        form = await request.form()
        login, password, token = (form.get(k) for k in ("login", "password", "csrf"))
        login = login if isinstance(login, str) else ""
        valid = await run_in_threadpool(login_token_ok, console, token)
        if not isinstance(password, str) or not valid or not _same_site(request):
            return login_page("stale", 400, login[:64])
        client = request.client.host if request.client else "unknown"
        outcome, cookie = await run_in_threadpool(_sign_in, console, login, password, client)
        if outcome != "ok":
            return login_page(outcome, 401 if outcome == "wrong" else 429, login[:64])
        answer = redirect(f"{PREFIX}/activities")
        answer.set_cookie(sessions.COOKIE, cookie, httponly=True, samesite="strict", path=PREFIX,
                          secure=_secure(request))
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
