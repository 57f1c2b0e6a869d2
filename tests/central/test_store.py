"""The migration scripts and tables.py describe the same schema; a newer schema is refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from central.store.db import SchemaTooNew, current_revision, head_revision, open_engine
from central.store.tables import metadata


def test_migrations_match_tables(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_newer_schema_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    engine = open_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(SchemaTooNew):
        open_engine(url)
