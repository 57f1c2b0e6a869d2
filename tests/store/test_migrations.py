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


def test_upgrade_to_0005_counts_what_is_there_and_indexes_old_details_in_the_background(tmp_path):
    from alembic import command

    from desktop.privacy import key_store
    from desktop.store import search_index
    from desktop.store.attendance_view import AttendanceQuery, AttendanceView

    # A station as the previous version left it: made, then taken back one revision (the downgrade runs too).
    Station.open(tmp_path).close()
    db = tmp_path / "station.sqlite3"
    engine = make_engine(db)
    config = migrate._alembic_config()
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0004_activity_status")
    assert migrate.current_revision(engine) == "0004_activity_status"
    seal = key_store.unlock(tmp_path, None).details_cipher().seal
    rows = [  # seq, record id, activity, day, person, status, details
        (1, "r1", "a", "2026-11-21", "manual:p1", "active", '{"name": "山田 太郎", "name_kana": "ヤマダ タロウ"}'),
        (2, "r2", "a", "2026-11-22", "card:sub-000002", "active", '{"name": "佐藤 花子"}'),
        (3, "r3", "a", "2026-11-22", "card:sub-000003", "cancelled", '{"token": "eyJ.x.y"}'),  # a card with no name
        (4, "r4", "b", "2026-11-22", "card:sub-000004", "active", None),
    ]
    with sqlite3.connect(db) as conn:
        for seq, rid, activity, day, person, status, details in rows:
            at = f"{day}T10:00:0{seq}+09:00"
            conn.execute("INSERT INTO ledger VALUES (?, ?, 'checkin', ?, ?, ?, ?, '{}', 'h', 's')",
                         (seq, rid, activity, day, person, at))
            conn.execute("INSERT INTO attendance (record_id, activity_id, day, person_key, entry_at, status) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (rid, activity, day, person, at, status))
            if details:
                conn.execute("INSERT INTO personal_details (record_id, details) VALUES (?, ?)",
                             (rid, seal(details.encode(), rid)))
    engine.dispose()
    engine = make_engine(db)
    assert migrate.upgrade(engine, db, tmp_path / "backups") is not None  # a backup first
    with sqlite3.connect(db) as conn:
        counts = conn.execute("SELECT activity_id, day, active, total FROM attendance_counts ORDER BY 1, 2").fetchall()
        assert counts == [("a", "2026-11-21", 1, 1), ("a", "2026-11-22", 1, 2), ("b", "2026-11-22", 1, 1)]
        assert conn.execute("SELECT count(*) FROM details_search").fetchone() == (0,)
        indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "ix_ledger_activity_day" not in indexes and "ix_attendance_activity_day_entry" in indexes
        assert conn.execute("SELECT value FROM station_meta WHERE key = 'search_backfill_below'").fetchone() == ("4",)
        # The triggers keep counting from here: a cancellation, a new row, a checkout (not counted twice).
        conn.execute("UPDATE attendance SET status = 'cancelled' WHERE record_id = 'r2'")
        conn.execute("INSERT INTO ledger VALUES (5, 'r5', 'checkin', 'a', '2026-11-22', 'card:x', "
                     "'2026-11-22T11:00:00+09:00', '{}', 'h', 's')")
        conn.execute("INSERT INTO attendance (record_id, activity_id, day, person_key, entry_at, status) "
                     "VALUES ('r5', 'a', '2026-11-22', 'card:x', '2026-11-22T11:00:00+09:00', 'active')")
        conn.execute("UPDATE attendance SET exit_at = '2026-11-22T12:00:00+09:00' WHERE record_id = 'r5'")
        assert conn.execute("SELECT active, total FROM attendance_counts WHERE activity_id = 'a' "
                            "AND day = '2026-11-22'").fetchone() == (1, 3)
    engine.dispose()

    # Opened with the data key (as the window does), the old details get their search rows, a batch at a time.
    station = Station.open(tmp_path)
    try:
        view = AttendanceView(station.engine, station.ledger)
        assert view.count(AttendanceQuery("a", search="山田")) == 0  # not indexed yet
        assert search_index.backfill_pending(station.engine)
        marks = []
        while True:
            marks.append(search_index.backfill_step(station.engine, station.ledger.search, station.ledger.unseal,
                                                    batch=1))
            if not marks[-1]:
                break
        assert marks == [3, 2, 1, 0] and not search_index.backfill_pending(station.engine)
        assert [r.record_id for r in view.iter_rows(AttendanceQuery("a", search="やまだ"))] == ["r1"]
        assert [r.record_id for r in view.iter_rows(AttendanceQuery("a", search="sub-000003"))] == ["r3"]
        assert view.count(AttendanceQuery("a", search="佐藤")) == 1
        assert view.count(AttendanceQuery("b", search="佐藤")) == 0  # the index is per activity
        assert station.activities.checked_in_counts() == {"a": 2, "b": 1}
    finally:
        station.close()


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
