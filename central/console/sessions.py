"""Server-side sessions with an idle timeout, and the CSRF token each one carries.

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the database
opens no session. A session ends after `idle` without a request (IV-4-2: no screen left signed in
at an empty desk), after `MAX_AGE` in any case, at sign-out, or when its user is disabled. Every
form carries the session's CSRF token and every POST is refused without it (synchronizer token);
the cookie is also `SameSite=Strict`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.console import accounts
from central.store.tables import console_sessions

COOKIE = "frr_console"
IDLE_DEFAULT = timedelta(minutes=15)
MAX_AGE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=30)  # last_seen_at is written at most this often (one write, not one per page)


@dataclass(frozen=True)
class Session:
    token_hash: str
    user: accounts.User
    csrf: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start(conn: Connection, user: accounts.User) -> tuple[str, Session]:
    token = secrets.token_urlsafe(32)
    now = clock.iso()
    session = Session(_digest(token), user, secrets.token_urlsafe(32))
    conn.execute(insert(console_sessions).values(
        token_hash=session.token_hash, user_id=user.id, csrf=session.csrf, created_at=now, last_seen_at=now))
    return token, session


def resume(conn: Connection, token: str | None, idle: timedelta = IDLE_DEFAULT) -> Session | None:
    """The live session of this cookie, its idle clock restarted; None when there is none (any more)."""
    if not token or len(token) > 100:
        return None
    row = conn.execute(select(console_sessions).where(console_sessions.c.token_hash == _digest(token))).first()
    if row is None or row.ended_at is not None:
        return None
    now = clock.now()
    if now - clock.parse(row.last_seen_at) > idle or now - clock.parse(row.created_at) > MAX_AGE:
        end(conn, row.token_hash)
        return None
    user = accounts.by_id(conn, row.user_id)
    if user is None:
        end(conn, row.token_hash)
        return None
    if now - clock.parse(row.last_seen_at) > TOUCH_EVERY:
        conn.execute(update(console_sessions).where(console_sessions.c.token_hash == row.token_hash)
                     .values(last_seen_at=clock.iso(now)))
    return Session(row.token_hash, user, row.csrf)


def end(conn: Connection, token_hash: str) -> None:
    conn.execute(update(console_sessions).where(console_sessions.c.token_hash == token_hash,
                                                console_sessions.c.ended_at.is_(None))
                 .values(ended_at=clock.iso()))


def csrf_ok(expected: str, given: str | None) -> bool:
    return isinstance(given, str) and hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))
