"""Opening the central database and bringing it to the current schema (Alembic, at start).

SQLite: foreign keys on, WAL, and every write transaction starts with BEGIN IMMEDIATE so two
processes (the server and an `import-bundle`) serialise instead of failing half-way.
PostgreSQL: plain transactions; ingestion locks the device row (SELECT … FOR UPDATE).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import JSON, Engine, Table, create_engine, event, insert, inspect, text
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaTooNew(RuntimeError):
    pass


class MigrationFailed(RuntimeError):
    """A migration that would leave the database inconsistent; it was rolled back."""


def open_engine(url: str, *, migrate: bool = True, master_key=None) -> Engine:
    """The database at `url`, migrated (unless told not to) and given its vault: the master key
    `master_key`, or the one `central.master_key.resolve` finds for it. Plain rows left by an older
    version are sealed once (`central.vault.seal_existing`)."""
    # hide_parameters: SQL logging (sqlalchemy.engine at INFO) and database error messages show
    # statements without their values — sealed blobs, but also pseudonyms and free text (docs/SECURITY.md).
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               hide_parameters=True)
        _sqlite_setup(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    from central import master_key as master_keys
    from central import vault

    attached = vault.attach(engine, master_key or master_keys.resolve(url))
    if migrate:
        upgrade(engine)
        vault.seal_existing(engine, attached)
    return engine


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below be the only one
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A connection opened with execution_options(read_only=True) only reads: a deferred BEGIN
        # lets it run beside the writer (WAL) instead of queueing for the write lock.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")


_SQL_LOG = logging.getLogger("sqlalchemy.engine.Engine")


def insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert many rows at once, in the connection's transaction, straight through the driver: COPY on
    PostgreSQL (psycopg's executemany sends a statement per row, and ingestion waited on those round
    trips more than on anything else), the DBAPI's executemany on SQLite (SQLAlchemy's per-row
    parameter processing cost more than the insert). JSON columns are written as the engine would
    write them (json.dumps), so SQLAlchemy reads them back alike."""
    if not rows:
        return
    names = list(rows[0])
    as_json = {name for name in names if isinstance(table.c[name].type, JSON)}

    def values(row: dict) -> list:
        return [json.dumps(row[n]) if n in as_json and row[n] is not None else row[n] for n in names]

    quoted = ", ".join(f'"{name}"' for name in names)
    if conn.dialect.name not in ("postgresql", "sqlite"):
        conn.execute(insert(table), rows)
        return
    if conn.dialect.name == "postgresql":
        statement = f"COPY {table.name} ({quoted}) FROM STDIN"
    else:
        statement = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    # The driver's statements bypass SQLAlchemy's SQL log: logged here like the engine's own, values
    # never (the central's engines hide parameters too).
    if _SQL_LOG.isEnabledFor(logging.INFO):
        _SQL_LOG.info("%s [%d rows through the driver, parameters hidden]", statement, len(rows))
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:
            cursor.executemany(statement, map(values, rows))
    finally:
        cursor.close()


def insert_missing(conn: Connection, table: Table, rows: list[dict], *, returning=()) -> list:
    """Insert the rows whose unique key is not taken yet, and skip the others without failing: another
    transaction may be creating the same row at this moment (PostgreSQL). With `returning` (columns),
    the rows this call inserted come back; read the others back after."""
    if not rows:
        return []
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        module = sqlite_dialect if dialect == "sqlite" else postgresql_dialect
        statement = module.insert(table).on_conflict_do_nothing()
        if returning:
            return conn.execute(statement.returning(*returning), rows).all()
        conn.execute(statement, rows)
        return []
    inserted = []
    for row in rows:
        try:
            with conn.begin_nested():
                result = conn.execute(insert(table).values(**row).returning(*returning)) if returning else \
                    conn.execute(insert(table).values(**row))
                inserted.extend(result.all() if returning else [])
        except IntegrityError:
            pass
    return inserted


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    current = current_revision(engine)
    head = script.get_current_head()
    if current == head:
        return
    if current is not None:
        try:
            known = script.get_revision(current) is not None
        except CommandError:
            known = False
        if not known:
            raise SchemaTooNew(f"database schema {current} is newer than this furusato-central")
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # Alembic's batch mode rebuilds a SQLite table by copy, drop and rename: with foreign keys
            # on, dropping a table others point at (devices, records) fails once it holds rows. They
            # are off for the migration (SQLite reads the pragma only outside a transaction) and
            # checked before it commits; back on even if it fails, since the connection returns to the pool.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, head)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise MigrationFailed("the migration left rows pointing at nothing; nothing was changed")
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
