"""Opening the station's SQLite file with the settings that make an acknowledged check-in durable.

WAL lets the window read while the single writer appends. `synchronous=FULL` makes every commit
fsync the WAL before it returns, so a record the user saw acknowledged survives a pulled plug,
not just a killed process (with NORMAL, the last commits before a power cut may roll back).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 10_000

# The raw write path's statements, with their values, at DEBUG: what SQLAlchemy's engine logging
# shows for the rest. Its values are as impersonal as those (sealed blobs, HMACs, digests).
SQL_LOG = logging.getLogger("desktop.store.sql")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    _configure(engine)
    return engine


def _configure(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # pysqlite's own transaction guessing is switched off so that the "begin" hook below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writer takes the lock at BEGIN, so reading the chain's tail and appending to it is atomic.
        if connection.get_execution_options().get("write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def write_transaction(engine: Engine):
    """A transaction that holds SQLite's write lock from its first statement."""
    return engine.connect().execution_options(write=True)


@contextmanager
def raw_write_transaction(engine: Engine) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT straight on the driver's connection of a pooled one (the same
    pragmas, the same durability). For the hot paths: a check-in is a handful of small statements,
    and SQLAlchemy's work per statement cost more than the statements themselves."""
    fairy = engine.raw_connection()
    db = fairy.driver_connection
    traced = SQL_LOG.isEnabledFor(logging.DEBUG)
    if traced:
        db.set_trace_callback(SQL_LOG.debug)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.in_transaction:  # some errors (a full disk) have rolled it back already
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        if traced:
            db.set_trace_callback(None)
        fairy.close()


def integrity_ok(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
