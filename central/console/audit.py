"""The console's audit log: every change, who made it and when, with ids and counts only.

Facts are checked on the way in: numbers, booleans, and short strings that look like identifiers
or codes. A name, an address or a free-text note cannot be written here by mistake (a refusal is a
programming error and fails loudly, in tests first).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from central import clock
from central.console.accounts import User
from central.store.tables import console_audit, console_users

_SAFE_TEXT = re.compile(r"[A-Za-z0-9_.:@+-]{0,100}")


def _safe(value: Any) -> bool:
    if value is None or isinstance(value, bool | int):
        return True
    return isinstance(value, str) and _SAFE_TEXT.fullmatch(value) is not None


def write(conn: Connection, user: User | None, lg_code: str, action: str, target: str | None = None,
          **facts: Any) -> None:
    for key, value in {"target": target, **facts}.items():
        if not _safe(value):
            raise ValueError(f"audit fact {key!r} is not an id, code or count")
    conn.execute(insert(console_audit).values(
        at=clock.iso(), user_id=user.id if user else None, lg_code=lg_code, action=action, target=target,
        facts=facts))


def recent(conn: Connection, lg_code: str, limit: int = 200) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(console_audit, console_users.c.login)
        .join(console_users, console_users.c.id == console_audit.c.user_id, isouter=True)
        .where(console_audit.c.lg_code == lg_code)
        .order_by(console_audit.c.id.desc()).limit(limit)
    ).all()
    return [{"at": r.at, "login": r.login, "action": r.action, "target": r.target, "facts": r.facts} for r in rows]
