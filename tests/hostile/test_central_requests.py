"""No 500 from input: the hostile corpus (tests/hostile/request_corpus.py) replayed as raw bytes against
the real central — `python -m central serve` in its own process, on SQLite and on PostgreSQL — fails
on any 500, any traceback on its stderr, any case answered outside its allowed statuses, a 400 that
does not name the field at fault, a peak memory (VmHWM) above MEMORY_BOUND_MB, a server that stops
answering, or a record accepted whose signature does not hold."""

from __future__ import annotations

import json

import pytest
from jwt.api_jws import PyJWS
from sqlalchemy import select

from central import admin, enrollment
from central.store.db import open_engine
from central.store.tables import devices, records
from furusato.keys import KeySet
from furusato.ledger_record import RECORD_TYP
from tests.central.server import backends, database_url
from tests.central.station_sim import StationSim
from tests.hostile.central_process import CentralProcess
from tests.hostile.raw_http import request_bytes, send
from tests.hostile.request_corpus import Context, corpus

LG = "011002"
ACTIVITY = "hostile-snow"
# The central idles at ~75 MB; the corpus holds 5.6 MB bodies, 200,000-deep nesting and 5,000-digit
# numbers. Parsing any of them whole (what the limits prevent) costs hundreds of MB.
MEMORY_BOUND_MB = 200


def _seed(db_url: str) -> tuple[StationSim, list[str]]:
    engine = open_engine(db_url)
    station = StationSim()
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id=ACTIVITY, title="雪下ろし", kind="designated_project", venue=LG,
                              start="2026-12-01T08:00", end="2026-12-20T17:00")
        codes = [enrollment.new_code(conn, LG)["code"] for _ in range(3)]
        enrollment.enroll(conn, codes[0], station.device_id, station.public_jwk(), "hostile")
    engine.dispose()
    return station, codes[1:]


@pytest.fixture(params=backends())
def attacked(request, tmp_path):
    with database_url(request.param, tmp_path) as db_url:
        station, codes = _seed(db_url)
        central = CentralProcess(db_url, tmp_path)
        try:
            yield central, Context(station, [codes[0], codes[1]], LG, ACTIVITY, central.port), db_url
        finally:
            central.stop()


def test_the_hostile_corpus_gets_no_500_no_traceback_and_bounded_memory(attacked):
    central, ctx, db_url = attacked
    failures, seen = [], 0
    for case in corpus(ctx):
        seen += 1
        answer = send(central.port, case.raw, half_close=case.half_close)
        problem = None
        if answer.status == 500 or (answer.status is not None and answer.status >= 500 and answer.status != 503):
            problem = f"HTTP {answer.status}"
        elif case.allowed is not None and answer.status not in case.allowed:
            problem = f"HTTP {answer.status}, allowed {sorted(case.allowed, key=str)}"
        elif answer.status == 400 and case.body_field is not None:
            try:
                named = json.loads(answer.body).get("field")
            except ValueError:
                named = "<no JSON body>"
            if named != case.body_field:
                problem = f"400 names field {named!r}, not {case.body_field!r}"
        if answer.status is not None and 400 <= answer.status < 500 and answer.status not in (431,) and answer.body:
            try:
                body = json.loads(answer.body)
                if not isinstance(body, dict) or "error" not in body:
                    problem = problem or f"error answer without an error code: {answer.body[:80]!r}"
            except ValueError:
                # uvicorn's own framing refusal, or the staff console's error page (HTML by design)
                if b"Invalid HTTP request" not in answer.body and not (
                        case.name.startswith("console") and answer.body.lstrip().startswith(b"<!doctype html>")):
                    problem = problem or f"error answer is not JSON: {answer.body[:80]!r}"
        if "console_page" in case.tags and answer.status is not None and \
                not answer.body.lstrip().startswith(b"<!doctype html>"):
            problem = problem or f"not the console's error page: {answer.body[:80]!r}"
        if problem:
            failures.append(f"{case.name}: {problem}")
        assert central.alive(), f"the central died at {case.name}"
    assert seen > 380
    assert not failures, "\n".join(failures)
    log = central.stderr()
    assert "Traceback" not in log and "Exception in ASGI" not in log, log[-3000:]
    peak = central.peak_rss_mb()
    assert 0 < peak < MEMORY_BOUND_MB, f"peak RSS {peak:.0f} MB"
    # Still serving, and nothing accepted that the enrolled key did not sign.
    assert send(central.port, request_bytes("GET", "/v1/keys", b"", content_length=False)).status == 200
    engine = open_engine(db_url)
    try:
        with engine.connect() as conn:
            keys = {d.id: KeySet.from_jwks({"keys": [d.public_jwk]}).public_key(d.kid)
                    for d in conn.execute(select(devices))}
            stored = conn.execute(select(records.c.device_id, records.c.payload, records.c.sig)).all()
    finally:
        engine.dispose()
    for device_id, payload, sig in stored:
        checked = PyJWS().decode_complete(sig, key=keys[device_id], algorithms=["EdDSA"],
                                          detached_payload=payload.encode())
        assert checked["header"]["typ"] == RECORD_TYP
