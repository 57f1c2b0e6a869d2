"""Mounting the console on the central's app: its pages, its static files, its error pages."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from central.commands.enrollment_code import PUBLIC_URL_ENV  # the address `enrollment-code --qr` writes too
from central.console import (
    activity_pages,
    application_pages,
    auth_pages,
    export_pages,
    people_pages,
    record_pages,
    sessions,
    settings_pages,
    station_pages,
)
from central.console.web import (
    LOGIN_PATH,
    PREFIX,
    Console,
    NotFound,
    Refused,
    SignInNeeded,
    TooLarge,
    redirect,
)

IDLE_ENV = "FURUSATO_CONSOLE_IDLE_MINUTES"
STATIC = Path(__file__).resolve().parent / "static"


def idle_from_env() -> timedelta:
    try:
        minutes = int(os.environ.get(IDLE_ENV, ""))
    except ValueError:
        return sessions.IDLE_DEFAULT
    return timedelta(minutes=min(max(minutes, 1), 240))


def mount(app: FastAPI, engine: Engine, write_lock: threading.Lock, *, idle: timedelta | None = None,
          public_url: str | None = None) -> Console:
    console = Console(engine, write_lock, idle=idle or idle_from_env(),
                      public_url=(public_url or os.environ.get(PUBLIC_URL_ENV) or "").strip().rstrip("/") or None)
    for module in (auth_pages, activity_pages, station_pages, people_pages, application_pages, settings_pages,
                   record_pages, export_pages):
        app.include_router(module.router(console), prefix=PREFIX, include_in_schema=False)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="console-static")

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, exc: SignInNeeded):  # noqa: ARG001
        answer = redirect(LOGIN_PATH)
        answer.delete_cookie(sessions.COOKIE, path=PREFIX)
        return answer

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):  # noqa: ARG001
        return console.render("error.html", None, 403, code="csrf" if exc.why == "csrf" else "forbidden")

    @app.exception_handler(TooLarge)
    async def _too_large(request: Request, exc: TooLarge):  # noqa: ARG001
        return console.render("error.html", None, 413, code="too_large")

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):  # noqa: ARG001
        return console.render("error.html", None, 404, code="not_found")

    return console
