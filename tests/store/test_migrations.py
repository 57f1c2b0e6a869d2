import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.station import Station
from desktop.store import migrate
from desktop.store.db import make_engine
from desktop.store.tables import metadata


def test_empty_file_reaches_head_and_matches_the_tables_module(tmp_path):
    engine = make_engine(tmp_path / "s.sqlite3")
    migrate.upgrade(engine, tmp_path / "s.sqlite3", tmp_path)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_upgrade_from_previous_revision_keeps_records_and_queues_them(tmp_path):
    db = tmp_path / "station.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, db, tmp_path, target="0001")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO ledger VALUES (1, 'r1', 'checkin', 'a', '2026-11-22', 'card:abcdefgh', "
            "'2026-11-22T10:00:00+09:00', '{}', 'h', 's')"
        )
    engine.dispose()
    backups = tmp_path / "backups"
    backups.mkdir()
    engine = make_engine(db)
    backup = migrate.upgrade(engine, db, backups)
    assert migrate.current_revision(engine) == migrate.HEAD
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT record_id FROM ledger").fetchall() == [("r1",)]
        assert conn.execute("SELECT seq, state FROM outbox").fetchall() == [(1, "pending")]
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT count(*) FROM ledger").fetchone() == (1,)


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path):
    Station.open(tmp_path).close()
    db = tmp_path / "station.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    with pytest.raises(migrate.SchemaTooNew, match="newer version"):
        Station.open(tmp_path)
    assert db.read_bytes() == before


def test_reopening_a_current_station_migrates_nothing(tmp_path):
    Station.open(tmp_path).close()
    engine = make_engine(tmp_path / "station.sqlite3")
    assert migrate.upgrade(engine, tmp_path / "station.sqlite3", tmp_path) is None
    assert list((tmp_path / "backups").iterdir()) == []


def test_the_head_constant_names_the_newest_migration():
    assert migrate.HEAD == migrate.head_revision()


def test_upgrade_from_0002_adds_the_person_index_and_keeps_attendance(tmp_path):
    db = tmp_path / "station.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, db, tmp_path, target="0002")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO ledger VALUES (1, 'r1', 'checkin', 'a', '2026-11-22', 'card:abcdefgh', "
            "'2026-11-22T10:00:00+09:00', '{}', 'h', 's')"
        )
        conn.execute("INSERT INTO attendance (record_id, activity_id, day, person_key, entry_at, status) "
                     "VALUES ('r1', 'a', '2026-11-22', 'card:abcdefgh', '2026-11-22T10:00:00+09:00', 'active')")
    engine.dispose()
    engine = make_engine(db)
    migrate.upgrade(engine, db, tmp_path, target="0003")
    assert migrate.current_revision(engine) == "0003"
    with sqlite3.connect(db) as conn:
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT day FROM attendance WHERE person_key = 'card:abcdefgh'").fetchall()
        assert "ix_attendance_person_day" in " ".join(row[-1] for row in plan)
        assert conn.execute("SELECT record_id, status FROM attendance").fetchall() == [("r1", "active")]


def test_upgrade_to_activity_status_keeps_activities_designated(tmp_path):
    db = tmp_path / "station.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, db, tmp_path, target="0003")
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO activities (id, title, kind, designating_lg, venue_lg, starts_at, ends_at, source, "
                     "updated_at) VALUES ('a', 't', 'designated_project', '152102', '152102', "
                     "'2026-12-01T08:00:00+09:00', '2026-12-01T12:00:00+09:00', 'central', '2026-11-30T00:00:00+09:00')")
    engine.dispose()
    engine = make_engine(db)
    migrate.upgrade(engine, db, tmp_path)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, status, status_note FROM activities").fetchall() == [("a", "designated", None)]
