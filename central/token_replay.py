"""Device tokens are single-use: the `jti` of every accepted token is kept until the token has
expired, in the database so that every worker (and every process on the same database) sees it.

`spend` inserts (device, jti); a second insert of the same pair finds it taken and the token is
refused. Rows whose token can no longer pass the expiry check are deleted on the way.
"""

from __future__ import annotations

import re
import time

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from central.store.tables import device_token_uses

JTI_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")


def spend(conn: Connection, device_id: str, jti: str, usable_until: int, *, now: float | None = None) -> bool:
    """True when (device, jti) was not seen before; it is now. `usable_until` is the last second the
    token could pass the expiry check (exp + leeway)."""
    moment = int(time.time() if now is None else now)
    conn.execute(delete(device_token_uses).where(device_token_uses.c.usable_until < moment))
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    inserted = conn.execute(
        dialect.insert(device_token_uses)
        .values(device_id=device_id, jti=jti, usable_until=usable_until)
        .on_conflict_do_nothing()
        .returning(device_token_uses.c.jti)  # rowcount is not reliable across drivers; a returned row is
    ).first()
    return inserted is not None
