"""Secrets the central keeps for itself in `central_secrets` (hex), each made on first use.

Two transactions creating the same one at the same moment (PostgreSQL) both end up with the row the
first one committed.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central.store.db import insert_missing
from central.store.tables import central_secrets


def named(conn: Connection, name: str) -> bytes:
    query = select(central_secrets.c.value).where(central_secrets.c.name == name)
    found = conn.execute(query).scalar()
    if found is None:
        insert_missing(conn, central_secrets, [{"name": name, "value": secrets.token_hex(32)}])
        found = conn.execute(query).scalar()
    return bytes.fromhex(found)
