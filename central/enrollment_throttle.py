"""Enrolment attempts throttled per client address: an enrolment code is 16 characters of a 32-letter
alphabet (80 bits), so guessing is hopeless — but each attempt costs a transaction, and a flood of
them is still a flood. After MAX_FAILURES refused attempts from one address within WINDOW_SECONDS,
that address is answered 429 `too_many_attempts` (with Retry-After) until the window ends. Kept in
the database, so every worker counts the same attempts. A station's own retries never come near it.
"""

from __future__ import annotations

import time

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from central.store.db import insert_missing
from central.store.tables import enrollment_throttle

WINDOW_SECONDS = 600
MAX_FAILURES = 10


def _address(address: str | None) -> str:
    return (address or "unknown")[:64]


def retry_after(conn: Connection, address: str | None, *, now: float | None = None) -> int | None:
    """Seconds until `address` may try again, or None when it may try now."""
    moment = int(time.time() if now is None else now)
    row = conn.execute(select(enrollment_throttle).where(enrollment_throttle.c.address == _address(address))).first()
    if row is None or row.window_start + WINDOW_SECONDS <= moment or row.failures < MAX_FAILURES:
        return None
    return row.window_start + WINDOW_SECONDS - moment


def failed(conn: Connection, address: str | None, *, now: float | None = None) -> None:
    """Count one refused attempt from `address` (a new window once the last one has ended)."""
    moment, key = int(time.time() if now is None else now), _address(address)
    insert_missing(conn, enrollment_throttle, [{"address": key, "window_start": moment, "failures": 0}])
    row = conn.execute(
        select(enrollment_throttle).where(enrollment_throttle.c.address == key).with_for_update()).one()
    if row.window_start + WINDOW_SECONDS <= moment:
        values = {"window_start": moment, "failures": 1}
    else:
        values = {"failures": row.failures + 1}
    conn.execute(update(enrollment_throttle).where(enrollment_throttle.c.address == key).values(**values))
