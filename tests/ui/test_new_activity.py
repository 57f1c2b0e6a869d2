"""「新しい活動」 in the real window: made offline from the picker, open for check-in at once, and marked
as proposed until the local government designates it."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from sqlalchemy import select

from desktop.store.tables import ledger
from furusato.activity import JST, Activity
from tests.ui.conftest import type_text


def _dialog(qtbot, window):
    qtbot.keyClick(window.picker.search, Qt.Key_F8)
    qtbot.waitUntil(lambda: window.new_activity_dialog is not None and window.new_activity_dialog.isVisible())
    return window.new_activity_dialog


def _activity_records(station) -> list:
    with station.engine.connect() as conn:
        return conn.execute(select(ledger.c.activity_id).where(ledger.c.type == "activity")).scalars().all()


def test_f8_makes_an_activity_that_opens_for_check_in_marked_proposed(qtbot, window, station, noon):
    dialog = _dialog(qtbot, window)
    type_text(dialog.title_edit, "松之山自治会 臨時総会")
    type_text(dialog.place_edit, "集会所")
    qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.checkin, timeout=5000)
    opened: Activity = window.checkin.activity
    assert opened.title == "松之山自治会 臨時総会" and opened.status == "proposed"
    assert window.checkin.status_note.isVisible() and "提案中" in window.checkin.status_note.text()
    assert _activity_records(station) == [opened.id]
    assert not dialog.isVisible()
    window.show_picker()
    titles = [window.picker.proxy.index(r, 0).data() for r in range(window.picker.proxy.rowCount())]
    assert "［提案中］ 松之山自治会 臨時総会" in titles


def test_a_wrong_field_is_named_in_the_dialog_and_nothing_is_written(qtbot, window, station, noon):
    dialog = _dialog(qtbot, window)
    qtbot.mouseClick(dialog.create_button, Qt.LeftButton)  # no title
    qtbot.waitUntil(lambda: dialog.errors["title"].isVisible())
    assert dialog.errors["title"].text() == "入力してください"
    type_text(dialog.title_edit, "消防団 訓練")
    dialog.end_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int((noon - timedelta(hours=5)).timestamp())))
    qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["end"].isVisible())
    assert dialog.errors["end"].text() == "終了は開始より後にしてください"
    dialog.venue_edit.setText("999999")
    assert dialog.venue_name.text() == "（6桁の団体コード）"
    assert _activity_records(station) == []
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert not dialog.isVisible() and window.pages.currentWidget() is window.picker


def test_a_refused_activity_says_so_on_the_check_in_page(qtbot, window, station, noon):
    refused = Activity(id="st-refused", title="お茶会", kind="public_interest_body", designating_lg="152102",
                       venue_lg="152102", starts_at=noon - timedelta(hours=1), ends_at=noon + timedelta(hours=1),
                       source="station", status="refused", status_note="担い手活動に当たりません")
    station.activities.upsert(refused)
    window.open_activity(station.activities.get("st-refused"))
    note = window.checkin.status_note
    assert note.isVisible() and "指定されず" in note.text() and "担い手活動に当たりません" in note.text()
    window.open_activity(station.activities.get("demo-jichikai"))
    assert not note.isVisible()


def test_the_dialog_speaks_japan_time_and_starts_at_the_title(qtbot, window, station, noon):
    """The times shown and typed are Japan's wall clock on a laptop set to any time zone (CI runs in
    UTC), as on every other screen; the cursor is in 活動名 so typing can start at once."""
    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.title_edit)
    shown = dialog.start_edit.dateTime()
    start = noon.astimezone(JST)
    assert (shown.date().day(), shown.time().hour()) == (start.day, start.hour)
    dialog.start_edit.setDateTime(QDateTime(QDate(2026, 12, 24), QTime(23, 30)))
    dialog.end_edit.setDateTime(QDateTime(QDate(2026, 12, 25), QTime(1, 0)))
    type_text(dialog.title_edit, "夜の見回り")
    qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.checkin, timeout=5000)
    opened: Activity = window.checkin.activity
    assert opened.starts_at == datetime(2026, 12, 24, 23, 30, tzinfo=JST)
    assert opened.ends_at == datetime(2026, 12, 25, 1, 0, tzinfo=JST)
