"""Rows for papers and exports, read in batches (desktop.store.attendance_stream), and record settings."""

from datetime import date, timedelta

import pytest

from desktop.record_settings import DEFAULT_RETENTION_DAYS, RecordSettings
from desktop.store.attendance_stream import AttendanceScope, count_rows, stream_rows
from tests.store.conftest import NOW


def _check_ins(station, activity, days, per_day):
    ids = []
    for d in range(days):
        for n in range(per_day):
            at = NOW + timedelta(days=d, minutes=n)
            ids.append(station.ledger.check_in(activity_id=activity, day=at.date(), at=at, person_key=f"manual:{d}-{n}",
                                               details={"name": f"参加者 {d}-{n}"}).record_id)
    return ids


def test_streams_in_batches_in_order_with_details(station):
    ids = _check_ins(station, "demo-yukioroshi", 2, 7)
    rows = list(stream_rows(station.engine, station.ledger, AttendanceScope("demo-yukioroshi"), batch=3))
    assert [r.record_id for r in rows] == ids  # day, then acceptance time
    assert rows[8].details["name"] == "参加者 1-1"
    assert count_rows(station.engine, AttendanceScope("demo-yukioroshi")) == 14


def test_scope_by_activity_and_days(station):
    _check_ins(station, "demo-yukioroshi", 3, 2)
    _check_ins(station, "demo-jichikai", 1, 3)
    first = NOW.date()

    def days(scope):
        return [r.day for r in stream_rows(station.engine, station.ledger, scope)]

    assert len(days(AttendanceScope())) == 9
    assert days(AttendanceScope("demo-yukioroshi", first + timedelta(days=1), first + timedelta(days=1))) == [
        (first + timedelta(days=1)).isoformat()] * 2
    assert len(days(AttendanceScope(None, first + timedelta(days=2)))) == 2
    assert len(days(AttendanceScope(None, None, first))) == 5
    assert days(AttendanceScope("nothing-here")) == []
    assert count_rows(station.engine, AttendanceScope(None, date(2000, 1, 1), date(2000, 1, 2))) == 0


def test_a_check_in_during_an_export_is_not_blocked(station):
    _check_ins(station, "demo-jichikai", 1, 5)
    stream = stream_rows(station.engine, station.ledger, AttendanceScope("demo-jichikai"), batch=2)
    first = next(stream)
    # The writer goes on while the export's read transaction is open (WAL)...
    at = NOW + timedelta(hours=1)
    station.ledger.check_in(activity_id="demo-jichikai", day=at.date(), at=at, person_key="manual:late", details={})
    # ...and the export sees one moment: the five rows that were there when it began.
    assert len([first, *stream]) == 5


def test_record_settings_default_bounds_and_refusals(station):
    records = RecordSettings(station.meta)
    assert records.retention_days == DEFAULT_RETENTION_DAYS and records.date_style == "western"
    assert records.set_retention_days(0) == 0 and records.retention_days == 0
    records.set_date_style("wareki")
    assert RecordSettings(station.meta).date_style == "wareki"
    for bad in (-1, 366):
        with pytest.raises(ValueError):
            records.set_retention_days(bad)
    for bad in (True, "30", 3.0):
        with pytest.raises(TypeError):
            records.set_retention_days(bad)
    with pytest.raises(ValueError):
        records.set_date_style("showa")
    # A value edited by hand into the database reads as something sane, never stops a sync.
    station.meta.set("retention_days", "forever")
    station.meta.set("date_style", "<script>")
    assert records.retention_days == DEFAULT_RETENTION_DAYS and records.date_style == "western"
    station.meta.set("retention_days", "100000")
    assert records.retention_days == 365
