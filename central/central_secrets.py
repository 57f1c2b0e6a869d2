"""Secrets the central keeps for itself in `central_secrets`, each made on first use and stored
wrapped under the master key (central/vault.py, label `central-secret/v1|<name>`): a copy of the
database gives none of them away.

Two transactions creating the same one at the same moment (PostgreSQL) both end up with the row the
first one committed.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import vault
from central.store.db import insert_missing
from central.store.tables import central_secrets


def named(conn: Connection, name: str) -> bytes:
    query = select(central_secrets.c.value).where(central_secrets.c.name == name)
    found = conn.execute(query).scalar()
    box, label = vault.of(conn), vault.secret_label(name)
    if found is None:
        insert_missing(conn, central_secrets, [{"name": name, "value": box.wrap(secrets.token_hex(32).encode(), label)}])
        found = conn.execute(query).scalar()
    if vault.is_wrapped(found):
        found = box.unwrap(found, label).decode("ascii")
    return bytes.fromhex(found)  # a value written before sealing is plain hex until seal_existing wraps it
