"""Bringing a station's file up to the current schema at start, without ever losing it.

A station upgraded in the field keeps its data: before any migration of a file that already
holds data, a consistent copy goes to `backups/`; each revision runs in one transaction; a file
written by a newer version is refused rather than guessed at.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test keeps the two equal). Knowing it without
# Alembic lets a station whose schema is current start without importing Alembic at all.
HEAD = "0004_activity_status"


class SchemaTooNew(RuntimeError):
    def __init__(self, revision: str):
        super().__init__(
            f"this data folder was written by a newer version of Furusato Field (schema {revision}); "
            "install that version or newer to open it"
        )
        self.revision = revision


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


def upgrade(engine: Engine, db_path: Path, backups: Path, target: str = "head") -> str | None:
    """Migrate to `target`; returns the backup file written, if any."""
    if target == "head" and current_revision(engine) == HEAD:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    current = current_revision(engine)
    wanted = script.get_current_head() if target == "head" else target
    if current == wanted:
        return None
    if current is not None and not _known(script, current):
        raise SchemaTooNew(current)
    backup = _backup(db_path, backups, current) if current is not None else None
    with engine.connect().execution_options(write=True) as conn:
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, wanted)
    log.info("schema migrated from %s to %s", current, wanted)
    return backup


def _known(script, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _backup(db_path: Path, backups: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"station-{revision}-{stamp}.sqlite3"
    # SQLite's online backup copies a consistent snapshot even with a WAL beside the file.
    with sqlite3.connect(db_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


