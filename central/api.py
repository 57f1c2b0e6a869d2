"""The HTTP API of docs/SYNC_PROTOCOL.md as a FastAPI app: `create_app(db_url)`.

Every JSON answer carries `server_time`. Errors are `{"error": <code>, "detail": <text>,
"server_time"}` with the status of the protocol (404 unknown_code, 409 code_used, …).
One database transaction per request; a batch of records is ingested and committed as one.

Person-level answers (eligibility, applications) are for enrolled, active stations only, each
confined to its own local government: `central.device_auth.require_device` checks the bearer token
signed by the station's device key. Enrolment, records (signed one by one), activities, keys and
revocations stay open.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from central import (
    admin,
    answer_signing,
    applications,
    clock,
    console,
    device_auth,
    enrollment,
    enrollment_throttle,
    ingest,
    person_eligibility,
    platform_keys,
    rate_limit,
    self_checkin,
)
from central.access_log import AccessLog
from central.http_errors import SafeJSONResponse
from central.http_errors import error as _error
from central.request_limits import CONSOLE_PREFIX, BodyLimitMiddleware, BodyLimits, GuardedRoute
from central.store.db import is_postgres, open_engine
from furusato import __version__
from furusato.eligibility import CaseError


class EnrollRequest(BaseModel):
    code: str = Field(max_length=100)
    device_id: str = Field(min_length=1, max_length=100)
    public_jwk: dict[str, Any]
    label: str = Field(default="", max_length=200)


class ApplicationRequest(BaseModel):
    person: str = Field(max_length=200, description="registrant id (card sub), optionally as card:<sub>")
    lg: str = Field(max_length=20, description="6-digit local-government code")
    as_of: date | None = Field(default=None, description="day of evaluation; default today in Japan, never later")


class SelfCheckinRequest(BaseModel):
    card: str = Field(max_length=self_checkin.MAX_TOKEN_LENGTH, description="the participant's card token (登録証)")
    activity: str = Field(max_length=self_checkin.MAX_TOKEN_LENGTH,
                          description="the activity code (活動QR) the phone read")
    at: str | None = Field(default=None, max_length=64,
                           description="ISO 8601: when the phone read it; default the central's time")


# A phone retrying in a loop or a replayed card: this many self check-ins per card and minute.
SELF_CHECKINS_PER_MINUTE = 10


class RecordsRequest(BaseModel):
    device_id: str = Field(max_length=100)
    # Records stay loosely typed here so that a bad one gets its own answer instead of failing the batch.
    records: list[Any]


# The authenticated station a person-level endpoint answers (401/403 before the endpoint runs).
Station = Annotated[device_auth.Device, Depends(device_auth.require_device)]


def _wrong_lg(station: device_auth.Device, lg: str) -> SafeJSONResponse:
    return _error(403, "wrong_local_government",
                  f"this station serves local government {station.lg_code}, not {lg}", field="lg")


def _field(loc: tuple) -> str | None:
    """("body", "records", 3) → "records[3]"; ("query", "since") → "since"."""
    parts = [p for p in loc[1:]] if loc and loc[0] in ("body", "query", "path", "header") else list(loc)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


class WriteLock:
    """`with write_lock:` around every write transaction. SQLite allows one writer at a time anyway:
    threads queue here rather than spin on the file lock. PostgreSQL needs no process-wide lock —
    ingestion locks the device row, other writes lock their own rows — so it is a no-op there and
    batches of different devices run at once."""

    def __init__(self, engine: Engine) -> None:
        self._lock = None if is_postgres(engine) else threading.Lock()

    def __enter__(self):
        if self._lock is not None:
            self._lock.acquire()
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.release()


def create_app(db_url: str | None = None, *, engine: Engine | None = None, console_idle: timedelta | None = None,
               public_url: str | None = None, body_limits: BodyLimits | None = None) -> FastAPI:
    """The API and the staff console (`/console/`). `console_idle`: the console's idle sign-out (default
    FURUSATO_CONSOLE_IDLE_MINUTES or 15 minutes); `public_url`: the address stations reach this central
    at, for enrolment QR codes (default FURUSATO_CENTRAL_PUBLIC_URL or the address a page was opened at);
    `body_limits`: bytes a request body may have, by path (default BodyLimits.from_env())."""
    if engine is None:
        if db_url is None:
            raise ValueError("give db_url or engine")
        engine = open_engine(db_url)
    # /docs and /redoc from assets shipped in the package: no CDN (LGWAN is a closed network).
    # ReDoc is left out: its page shows a badge image from its vendor's CDN.
    app = FastAPIOffline(title="furusato-central (reference)", version=__version__, openapi_url="/openapi.json",
                         redoc_url=None, default_response_class=SafeJSONResponse)
    app.router.route_class = GuardedRoute
    app.state.engine = engine
    with engine.begin() as conn:
        platform_keys.active_key(conn)  # stations enrolling get a key to trust from the start
        answer_signing.active_key(conn)  # ...and the key this central's answers will be signed with
    write_lock = WriteLock(engine)
    staff = console.mount(app, engine, write_lock, idle=console_idle, public_url=public_url)

    def console_refusal(status: int, code: str, detail: str, **extra: Any):  # noqa: ARG001
        # The console's own error page: a NUL in its URL names nothing there (404), like any odd path.
        page = "too_large" if status == 413 else "not_found" if code in ("bad_text", "not_found") else "bad_request"
        return staff.render("error.html", None, 404 if page == "not_found" else status, code=page)

    # Limits first, then the access log outside them, so that refused requests are logged too.
    app.add_middleware(BodyLimitMiddleware, limits=body_limits or BodyLimits.from_env(),
                       refusals={CONSOLE_PREFIX: console_refusal})
    app.add_middleware(AccessLog)

    @app.post("/v1/enroll")
    def enroll(body: EnrollRequest, request: Request):
        address = request.client.host if request.client else None
        with engine.connect().execution_options(read_only=True) as conn:
            wait = enrollment_throttle.retry_after(conn, address)
        if wait is not None:
            answer = _error(429, "too_many_attempts", f"too many refused enrolment attempts; try again in {wait} s")
            answer.headers["Retry-After"] = str(wait)
            return answer
        try:
            with write_lock, engine.begin() as conn:
                done = enrollment.enroll(conn, body.code, body.device_id, body.public_jwk, body.label)
                keys = platform_keys.public_jwks(conn)
                if not keys["keys"]:
                    platform_keys.active_key(conn)
                    keys = platform_keys.public_jwks(conn)
                answer = {
                    "device_id": done.device_id,
                    "local_government": {"code": done.lg_code, "name": done.lg_name},
                    "platform_keys": keys,
                    "revoked": admin.revocations(conn)["subjects"],
                    "activities": admin.list_activities(conn),
                    # The key the station will settle its records on (docs/SYNC_PROTOCOL.md, Signed answers).
                    "answer_keys": answer_signing.published(conn),
                }
        except enrollment.EnrollmentError as exc:
            with write_lock, engine.begin() as conn:
                enrollment_throttle.failed(conn, address)
            return _error(exc.status, exc.error, str(exc))
        return {**answer, "server_time": clock.iso()}

    @app.post("/v1/records")
    def post_records(body: RecordsRequest, request: Request, x_station_time: Annotated[str | None, Header()] = None,
                     x_answer_nonce: Annotated[str | None, Header(max_length=100)] = None):
        request.state.who = f"device:{body.device_id}"
        if len(body.records) > ingest.MAX_BATCH:
            return _error(413, "batch_too_large", f"at most {ingest.MAX_BATCH} records a batch")
        # Parsing and signature checks first, outside the write transaction (FastAPI runs this
        # function on its threadpool, off the event loop); then the rules under the device's lock.
        with engine.connect().execution_options(read_only=True) as conn:
            prepared = ingest.prepare(conn, body.device_id, body.records)
        with write_lock, engine.begin() as conn:
            results = ingest.apply(conn, prepared, station_time=x_station_time)
            # `results` stays for stations that predate signed answers; `answer` is what settles records.
            answer = answer_signing.sign_answer(conn, body.device_id, body.records, results, x_answer_nonce)
        # Plain JSON already: answered as is, without FastAPI's jsonable_encoder walking 500 results.
        return SafeJSONResponse({"results": results, "answer": answer, "server_time": clock.iso()})

    per_card = rate_limit.SlidingWindow(SELF_CHECKINS_PER_MINUTE, 60.0)

    @app.post("/v1/self-checkins")
    def post_self_checkin(body: SelfCheckinRequest):
        """The participant's phone read the activity's QR code (guideline II-4-2). The answer is one
        outcome of CONTRACTS §2: `recorded`, `duplicate`, or a refusal naming which token failed."""
        try:
            with write_lock, engine.begin() as conn:
                answer = self_checkin.self_checkin(conn, body.card, body.activity, body.at, admit=per_card.admit)
        except self_checkin.RateLimited:
            return _error(429, "rate_limited", f"at most {SELF_CHECKINS_PER_MINUTE} self check-ins a minute per card")
        return {**answer, "server_time": clock.iso()}

    @app.get("/v1/activities")
    def get_activities(since: Annotated[str | None, Query(description="ISO 8601; changed after")] = None):
        try:
            if since:
                clock.parse(since)
        except ValueError:
            return _error(400, "bad_since", "since must be ISO 8601")
        with engine.connect() as conn:
            return {"activities": admin.list_activities(conn, since), "server_time": clock.iso()}

    @app.get("/v1/keys")
    def get_keys():
        with engine.connect() as conn:
            keys = platform_keys.public_jwks(conn)
        return {**keys, "server_time": clock.iso()}

    @app.get("/v1/answer-keys")
    def get_answer_keys():
        """The chain of keys the central signs its answers with, oldest first (each signed by the one before)."""
        with engine.begin() as conn:
            published = answer_signing.published(conn)
        return {**published, "server_time": clock.iso()}

    @app.get("/v1/revocations")
    def get_revocations():
        with engine.connect() as conn:
            return {**admin.revocations(conn), "server_time": clock.iso()}

    @app.get("/v1/eligibility")
    def get_eligibility(
        person: Annotated[str, Query(description="registrant id (card sub), optionally as card:<sub>")],
        lg: Annotated[str, Query(description="the station's own 6-digit local-government code")],
        station: Station,
        as_of: Annotated[date | None, Query(description="day of evaluation; default today in Japan")] = None,
    ):
        if lg != station.lg_code:
            # Never judged for another local government; a malformed code is still named as such.
            try:
                applications.parse_lg(lg, "target")
            except applications.ApplicationError as exc:
                return _error(400, "bad_case", str(exc), field="target")
            return _wrong_lg(station, lg)
        try:
            with engine.connect() as conn:
                result = person_eligibility.eligibility(conn, person, lg, as_of)
        except person_eligibility.UnknownPerson:
            return _error(404, "unknown_person")
        except person_eligibility.PersonIncomplete as exc:
            return _error(409, "person_incomplete", str(exc))
        except CaseError as exc:
            return _error(400, "bad_case", str(exc), **{"field": exc.to_json().get("field")})
        return {**result, "server_time": clock.iso()}

    def _refused(exc: applications.ApplicationError) -> SafeJSONResponse:
        return _error(exc.status, exc.error, str(exc), field=exc.field)

    @app.post("/v1/applications", status_code=201)
    def post_application(body: ApplicationRequest, response: Response, station: Station):
        """Apply for premium: judged at once; approved, pending the local government's review, or refused.
        A pending application for the same person and local government is returned (200) instead.
        A station applies for its own local government only."""
        try:
            if applications.parse_lg(body.lg) != station.lg_code:
                return _wrong_lg(station, body.lg)
            with write_lock, engine.begin() as conn:
                answer, created = applications.apply(conn, body.person, body.lg, body.as_of)
        except applications.ApplicationError as exc:
            return _refused(exc)
        if not created:
            response.status_code = 200
        return {**answer, "server_time": clock.iso()}

    @app.get("/v1/applications")
    def get_applications(
        station: Station,
        lg: Annotated[str | None, Query(description="the station's own local-government code (the default)")] = None,
        status: Annotated[str | None, Query(description="approved | pending_review | refused")] = None,
        person: Annotated[str | None, Query(description="registrant id (card sub)")] = None,
    ):
        """The station's local government's applications, oldest first."""
        try:
            if lg is not None and applications.parse_lg(lg) != station.lg_code:
                return _wrong_lg(station, lg)
            with engine.connect() as conn:
                found = applications.list_applications(conn, lg=station.lg_code, status=status, person=person)
        except applications.ApplicationError as exc:
            return _refused(exc)
        return {"applications": found, "server_time": clock.iso()}

    @app.get("/v1/applications/{application_id}")
    def get_application(application_id: str, station: Station):
        try:
            with engine.connect() as conn:
                found = applications.get(conn, application_id)
        except applications.ApplicationError as exc:
            return _refused(exc)
        if found["lg"] != station.lg_code:
            return _wrong_lg(station, found["lg"])
        return {**found, "server_time": clock.iso()}

    @app.exception_handler(device_auth.DeviceAuthError)
    async def _not_a_station(request: Request, exc: device_auth.DeviceAuthError):  # noqa: ARG001
        answer = _error(exc.status, exc.error, exc.detail)
        if exc.status == 401:
            answer.headers["WWW-Authenticate"] = 'Bearer realm="furusato-central"'
        return answer

    @app.exception_handler(RequestValidationError)
    async def _not_the_schema(request: Request, exc: RequestValidationError):  # noqa: ARG001
        # FastAPI's own answer echoes the input (which may be anything, a lone surrogate included):
        # ours names the fields and what is wrong with them, never their values.
        errors = [{"field": _field(tuple(e.get("loc", ()))), "type": e.get("type"), "message": e.get("msg")}
                  for e in exc.errors()[:20]]
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        return _error(422, "invalid_request", f"{first['field'] or 'request'}: {first['message']}",
                      field=first["field"], errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):  # noqa: ARG001
        if exc.status_code in (404, 413) and request.url.path.startswith(CONSOLE_PREFIX):
            # A chunked form cut off at the limit while streaming, or a path the console does not
            # have: the console's page, as for the refusals made before the app runs.
            return console_refusal(exc.status_code, "not_found" if exc.status_code == 404 else "body_too_large", "")
        code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}.get(
            exc.status_code, f"http_{exc.status_code}")
        answer = _error(exc.status_code, code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            answer.headers[name] = value
        return answer

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # noqa: ARG001
        return _error(500, "internal_error", type(exc).__name__)

    return app
