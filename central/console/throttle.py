"""Sign-in throttling: too many failures for one login, or from one client, within a window, and
sign-in is refused for a while without even checking the password.

Failures are kept in the database, so several server workers share them. The login is stored as a
keyed digest: people type their password into the login field, and the table must not keep it.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from central import central_secrets, clock
from central.console import accounts
from central.store.tables import console_sign_in_failures

WINDOW = timedelta(minutes=15)
MAX_PER_LOGIN = 5
MAX_PER_CLIENT = 20
_SECRET = "console-throttle/v1"


def _login_hash(conn: Connection, login: str) -> str:
    return hmac.new(central_secrets.named(conn, _SECRET), accounts.normalize_login(login).encode("utf-8", "replace"),
                    hashlib.sha256).hexdigest()


def _since() -> str:
    return clock.iso(clock.now() - WINDOW)


def blocked(conn: Connection, login: str, client: str) -> bool:
    since = _since()
    per_login = conn.execute(select(func.count()).select_from(console_sign_in_failures).where(
        console_sign_in_failures.c.login_hash == _login_hash(conn, login),
        console_sign_in_failures.c.at >= since)).scalar()
    per_client = conn.execute(select(func.count()).select_from(console_sign_in_failures).where(
        console_sign_in_failures.c.client == client[:64], console_sign_in_failures.c.at >= since)).scalar()
    return per_login >= MAX_PER_LOGIN or per_client >= MAX_PER_CLIENT


def failed(conn: Connection, login: str, client: str) -> None:
    conn.execute(delete(console_sign_in_failures).where(console_sign_in_failures.c.at < _since()))
    conn.execute(insert(console_sign_in_failures).values(
        login_hash=_login_hash(conn, login), client=client[:64], at=clock.iso()))


def succeeded(conn: Connection, login: str) -> None:
    conn.execute(delete(console_sign_in_failures).where(
        console_sign_in_failures.c.login_hash == _login_hash(conn, login)))
