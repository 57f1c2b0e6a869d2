"""A central database made before applications existed (schema 0001, with people in it) is brought to
the head at start and keeps its data."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, insert, inspect, select

from central.store.db import _alembic_config, current_revision, head_revision, open_engine
from central.store.tables import persons


def test_upgrade_from_0001_keeps_people(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    old = create_engine(url)
    config = _alembic_config()
    with old.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(insert(persons).values(sub="person0001", residence="131016", mynumber_verified=True,
                                            minor=False, guardian_consent=False,
                                            premium=[{"lg": "011002", "expires": "2027-01-31"}]))
    old.dispose()
    engine = open_engine(url)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert {"applications", "premium_history", "central_secrets"} <= set(inspect(conn).get_table_names())
        assert conn.execute(select(persons.c.premium)).scalar_one() == [{"lg": "011002", "expires": "2027-01-31"}]
    engine.dispose()
