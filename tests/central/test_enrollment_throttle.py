"""Enrolment attempts are throttled per address (central/enrollment_throttle.py), on the real central:
after MAX_FAILURES refused attempts in the window the address gets 429 with Retry-After — a valid
code included — until the window ends; the count is in the database, shared by every worker."""

from __future__ import annotations

import time

from central import enrollment_throttle
from tests.central.station_sim import StationSim


def _enroll(central, code: str, station: StationSim):
    return central.http.post("/v1/enroll", json={"code": code, "device_id": station.device_id,
                                                 "public_jwk": station.public_jwk(), "label": "t"})


def test_guessing_codes_is_throttled_per_address(central):
    station = StationSim()
    for i in range(enrollment_throttle.MAX_FAILURES):
        answer = _enroll(central, f"AAAA-BBBB-CCCC-{i:04d}", station)
        assert (answer.status_code, answer.json()["error"]) == (404, "unknown_code")
    for code in ("AAAA-BBBB-CCCC-DDDD", central.code()):
        answer = _enroll(central, code, station)
        assert (answer.status_code, answer.json()["error"]) == (429, "too_many_attempts"), answer.text
        assert 0 < int(answer.headers["Retry-After"]) <= enrollment_throttle.WINDOW_SECONDS
    # Once the window has passed, the address may try again (and a good code enrols).
    with central.engine.begin() as conn:
        assert enrollment_throttle.retry_after(conn, "127.0.0.1") is not None
        later = int(time.time()) + enrollment_throttle.WINDOW_SECONDS + 10
        assert enrollment_throttle.retry_after(conn, "127.0.0.1", now=later) is None
        enrollment_throttle.failed(conn, "127.0.0.1", now=later)
        assert enrollment_throttle.retry_after(conn, "127.0.0.1", now=later) is None  # a new window: 1 failure


def test_a_stations_own_retries_are_not_throttled(central):
    station = StationSim()
    code = central.code()
    for _ in range(enrollment_throttle.MAX_FAILURES + 3):
        assert _enroll(central, code, station).status_code == 200  # the same device and key: the same answer
