"""What every console page shares: the signed-in context, the guards, rendering and the database.

Guards are FastAPI dependencies. `signed_in` resumes the session (none → 303 to /console/login);
`changing` also reads the form, checks its CSRF token and that the role may change things;
`administering` is for administrators only. Not found and another local government's things are
the same 404, so a guessed id tells nothing.
"""

from __future__ import annotations

import base64
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from central import clock
from central.console import accounts, exports, scope, sessions, texts
from central.console.scope import Area
from furusato.activity import JST
from furusato.activity_qr import qr_png_bytes

PREFIX = "/console"
LOGIN_PATH = f"{PREFIX}/login"
SECURITY_HEADERS = {
    # Everything the console loads is its own: no CDN, no inline script (LGWAN is a closed network).
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    # same-origin: our own form posts carry our Origin (no-referrer would make it "null"), others get nothing
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


# Which menu entry a page belongs to (highlighted in the header).
NAV = {
    "activities.html": "activities", "activity.html": "activities", "activity_form.html": "activities",
    "activity_qr.html": "activities", "people.html": "people", "person.html": "people",
    "applications.html": "applications", "stations.html": "stations", "records.html": "records",
    "exports.html": "exports", "settings.html": "settings", "audit.html": "settings",
}


FORM_MAX_BYTES = 1024 * 1024  # a console form; the upload route takes pre_system.UPLOAD_MAX_BYTES instead
MULTIPART_OVERHEAD = 64 * 1024


class TooLarge(Exception):
    pass


class SignInNeeded(Exception):
    pass


class Refused(Exception):
    """403: the role may not, or the form's CSRF token is missing or stale."""

    def __init__(self, why: str = "role") -> None:
        super().__init__(why)
        self.why = why


class NotFound(Exception):
    pass


@dataclass
class Ctx:
    user: accounts.User
    area: Area
    csrf: str
    session: str
    form: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Any] = field(default_factory=dict)


class Console:
    def __init__(self, engine: Engine, write_lock: threading.Lock, *, idle: timedelta, public_url: str | None):
        self.engine, self.write_lock = engine, write_lock
        self.idle, self.public_url = idle, public_url
        self.env = Environment(loader=PackageLoader("central.console", "templates"),
                               autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(texts=texts, ja=texts.ja, en=texts.en, lg_label=texts.lg_label, prefix=PREFIX,
                                quote=lambda s: quote(s, safe=""), phone=exports.phone_display,
                                postal=exports.postal_display, jst=_jst)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        with self.write_lock, self.engine.begin() as conn:
            yield conn

    def render(self, template: str, ctx: Ctx | None, status: int = 200, **values: Any) -> HTMLResponse:
        page = self.env.get_template(template).render(ctx=ctx, user=ctx.user if ctx else None, nav=NAV.get(template),
                                                      idle_seconds=int(self.idle.total_seconds()), **values)
        return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)

    # guards ------------------------------------------------------------------------------------
    def _resume(self, request: Request) -> Ctx:
        token = request.cookies.get(sessions.COOKIE)
        if not token:
            raise SignInNeeded()
        with self.writing() as conn:
            session = sessions.resume(conn, token, self.idle)
        if session is None:
            raise SignInNeeded()
        request.scope.setdefault("state", {})["who"] = f"user:{session.user.id}"
        return Ctx(session.user, scope.area_of(session.user.lg_code), session.csrf, session.token_hash)

    async def signed_in(self, request: Request) -> Ctx:
        return await run_in_threadpool(self._resume, request)

    async def _posted(self, request: Request, limit: int, allowed) -> Ctx:
        """Signed in, with a form whose CSRF token is the session's, by a user `allowed(user)` lets in.
        A body announced larger than `limit` is refused before it is read."""
        ctx = await self.signed_in(request)
        try:
            announced = int(request.headers.get("content-length") or 0)
        except ValueError:
            announced = 0
        if announced > limit:
            raise TooLarge()
        form = await request.form()
        if not sessions.csrf_ok(ctx.csrf, form.get("csrf") if isinstance(form.get("csrf"), str) else None):
            raise Refused("csrf")
        if not allowed(ctx.user):
            raise Refused()
        for key, value in form.multi_items():
            if isinstance(value, str):
                ctx.form[key] = value
            else:
                ctx.files[key] = value
        return ctx

    # The guards take nothing but the request: FastAPI would read any other parameter from the query.
    async def posted(self, request: Request) -> Ctx:
        """Any role (signing out)."""
        return await self._posted(request, FORM_MAX_BYTES, lambda user: True)

    async def changing(self, request: Request) -> Ctx:
        return await self._posted(request, FORM_MAX_BYTES, lambda user: user.may_change)

    async def uploading(self, request: Request) -> Ctx:
        """`changing`, for the route that takes an organiser's list (up to pre_system.UPLOAD_MAX_BYTES)."""
        from central.console.pre_system import UPLOAD_MAX_BYTES

        return await self._posted(request, UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD, lambda user: user.may_change)

    async def administering(self, request: Request) -> Ctx:
        return await self._posted(request, FORM_MAX_BYTES, lambda user: user.is_admin)


def _jst(iso: str | None) -> str:
    """A stored instant (ISO 8601, UTC) as staff read it: Japan time, to the minute."""
    if not iso:
        return "—"
    try:
        return f"{clock.parse(iso).astimezone(JST):%Y-%m-%d %H:%M}"
    except ValueError:
        return iso


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


def qr_data_uri(text: str, scale: int = 6) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png_bytes(text, scale=scale)).decode("ascii")


def download(content: bytes, media_type: str, filename: str) -> Response:
    # RFC 6266/5987: an ASCII fallback and the UTF-8 name, so Japanese file names survive.
    disposition = f"attachment; filename=\"{filename.encode('ascii', 'replace').decode()}\"; " \
                  f"filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type,
                    headers={**SECURITY_HEADERS, "Content-Disposition": disposition})
