"""Limits before work: how much of a request the central reads, and how it reads the JSON in it.

- **Bodies**, by path: `BodyLimits` gives each request the byte limit of the longest configured
  path prefix that matches (default `DEFAULT_BODY_BYTES`). `BodyLimitMiddleware` refuses a declared
  `Content-Length` over it with 413 `body_too_large` before the app runs (a malformed one with 400
  `bad_content_length`), and counts the bytes `receive()` hands the app — Starlette's
  `RequestBodyLimitMiddleware` — so a chunked body is cut off at the limit too, before any parsing.
  A NUL in the path or query (`%00`) is answered 400 `bad_text` before anything else: PostgreSQL
  cannot hold such text, and no endpoint wants it.
  Configured with `FURUSATO_CENTRAL_BODY_LIMITS` (`/prefix=bytes,...`, `default=bytes`); the staff
  console's forms get its own form limit (`/console/`), its file upload route a larger one
  (`CONSOLE_UPLOAD_PREFIX`, `FURUSATO_CENTRAL_MAX_UPLOAD`) — the console's own constants, so the
  two never disagree.
- **JSON bodies** of the API are read by `furusato.safe_json` with `API_JSON` (depth, string length,
  strict UTF-8, no lone surrogates, bounded numbers): `GuardedRoute` parses them before FastAPI
  does and answers a refusal with 400 naming the field.
- **Record payloads** inside a batch are read with `central.ingest.RECORD_PAYLOAD`.
"""

from __future__ import annotations

import email.message
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from central.console import web as console_web
from central.console.pre_system import UPLOAD_MAX_BYTES
from central.http_errors import error
from furusato import safe_json

DEFAULT_BODY_BYTES = 4 * 1024 * 1024  # a full batch of 500 records is ~0.6 MB
CONSOLE_PREFIX = f"{console_web.PREFIX}/"
CONSOLE_FORM_BYTES = console_web.FORM_MAX_BYTES
# An organiser's list (.xlsx / CSV) of records kept before the system, with its multipart wrapping.
CONSOLE_UPLOAD_PREFIX = f"{console_web.PREFIX}/records/upload"
DEFAULT_UPLOAD_BYTES = UPLOAD_MAX_BYTES + console_web.MULTIPART_OVERHEAD
ENV_LIMITS = "FURUSATO_CENTRAL_BODY_LIMITS"
ENV_UPLOAD = "FURUSATO_CENTRAL_MAX_UPLOAD"

OFF_LOOP_BYTES = 64 * 1024
API_JSON = safe_json.Limits(max_bytes=DEFAULT_BODY_BYTES, max_depth=8, max_string=64 * 1024)


@dataclass(frozen=True)
class BodyLimits:
    default: int = DEFAULT_BODY_BYTES
    by_prefix: Mapping[str, int] = field(default_factory=lambda: {CONSOLE_PREFIX: CONSOLE_FORM_BYTES,
                                                                   CONSOLE_UPLOAD_PREFIX: DEFAULT_UPLOAD_BYTES})

    def for_path(self, path: str) -> int:
        best, limit = -1, self.default
        for prefix, value in self.by_prefix.items():
            if path.startswith(prefix) and len(prefix) > best:
                best, limit = len(prefix), value
        return limit

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BodyLimits:
        """`FURUSATO_CENTRAL_BODY_LIMITS="default=4194304,/console/=1048576"` and
        `FURUSATO_CENTRAL_MAX_UPLOAD=33554432`; ValueError names a malformed entry."""
        environ = os.environ if environ is None else environ
        default = DEFAULT_BODY_BYTES
        by_prefix = {CONSOLE_PREFIX: CONSOLE_FORM_BYTES, CONSOLE_UPLOAD_PREFIX: DEFAULT_UPLOAD_BYTES}
        if environ.get(ENV_UPLOAD):
            by_prefix[CONSOLE_UPLOAD_PREFIX] = _bytes(environ[ENV_UPLOAD], ENV_UPLOAD)
        for entry in filter(None, (e.strip() for e in environ.get(ENV_LIMITS, "").split(","))):
            where, sep, amount = entry.rpartition("=")
            if not sep or not (where == "default" or where.startswith("/")):
                raise ValueError(f"{ENV_LIMITS}: {entry!r} is not /PREFIX=BYTES or default=BYTES")
            if where == "default":
                default = _bytes(amount, ENV_LIMITS)
            else:
                by_prefix[where] = _bytes(amount, ENV_LIMITS)
        return cls(default, by_prefix)


def _bytes(text: str, name: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"{name}: {text!r} is not a number of bytes")
    return value


def json_refusal(status: int, code: str, detail: str, **extra) -> Response:
    return error(status, code, detail, **extra)


class BodyLimitMiddleware:
    """The per-path byte limit on every HTTP request body (see the module's docstring).

    `refusals` answers a refusal in the words of the part of the app it is for (longest prefix
    wins): the API's JSON error by default, the staff console's own error page under `/console/`
    (`refusal(status, code, detail)` → a Response)."""

    def __init__(self, app: ASGIApp, limits: BodyLimits,
                 refusals: Mapping[str, Callable[..., Response]] | None = None) -> None:
        self.app, self.limits, self.refusals = app, limits, dict(refusals or {})

    def _refusal(self, path: str) -> Callable[..., Response]:
        matching = [p for p in self.refusals if path.startswith(p)]
        return self.refusals[max(matching, key=len)] if matching else json_refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        refuse = self._refusal(path)
        if _nul_in_url(scope):
            # A NUL reaches no endpoint: PostgreSQL cannot store or compare text holding one.
            await refuse(400, "bad_text", "a NUL character (%00) in the URL", field="url")(scope, receive, send)
            return
        limit = self.limits.for_path(path)
        declared = Headers(scope=scope).getlist("content-length")
        if declared:
            text = declared[0].strip()
            if len(set(declared)) > 1 or not text.isascii() or not text.isdigit():
                await refuse(400, "bad_content_length", "Content-Length must be one number of bytes")(
                    scope, receive, send)
                return
            if int(text) > limit:
                await refuse(413, "body_too_large", f"request bodies here are limited to {limit} bytes")(
                    scope, receive, send)
                return
        await RequestBodyLimitMiddleware(self.app, limit)(scope, receive, send)


def _nul_in_url(scope: Scope) -> bool:
    raw = (scope.get("raw_path") or b"") + b"?" + (scope.get("query_string") or b"")
    return b"\x00" in raw or b"%00" in raw or "\x00" in scope.get("path", "")


class _GuardedRequest(Request):
    """A request whose JSON body is read by furusato.safe_json within API_JSON (its limits and the
    path's byte limit, whichever is smaller, are already enforced on the bytes)."""

    async def json(self):
        if not hasattr(self, "_guarded_json"):
            body = await self.body()
            if len(body) > OFF_LOOP_BYTES:  # a batch of records: parse it off the event loop
                self._guarded_json = await run_in_threadpool(safe_json.loads, body, API_JSON, "the request body")
            else:
                self._guarded_json = safe_json.loads(body, API_JSON, "the request body")
        return self._guarded_json


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return True  # FastAPI reads a body without a Content-Type as JSON too
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


class GuardedRoute(APIRoute):
    """An API route whose JSON body is parsed by safe_json before FastAPI validates it: a refusal is
    400 with the refusal's code (`too_deep`, `bad_text`, …) and `field`, never a traceback."""

    def get_route_handler(self):
        original = super().get_route_handler()

        async def handler(request: Request):
            request = _GuardedRequest(request.scope, request.receive)
            try:
                body = await request.body()
            except ClientDisconnect:
                return error(400, "incomplete_body", "the client went away before sending the whole body")
            if body and _is_json(request.headers.get("content-type")):
                try:
                    await request.json()
                except safe_json.JSONRefused as exc:
                    return error(400, exc.code, exc.message, field=exc.field)
            return await original(request)

        return handler
