"""The attendance list as a paged Qt model on the real window: what it fetches, shows and unseals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.store.attendance_view import PAGE, AttendanceQuery
from desktop.ui.attendance_table import AttendanceTableModel
from tests.store.test_attendance_paging import Unseals
from tests.ui.conftest import open_activity, type_text

ACTIVITY = "demo-jichikai"
PEOPLE = 1000
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤"]
KANJI = "一二三四五六七八九十百千万春夏秋冬東西南北山川森林花月星空海風雪雲光"


def _name(n: int) -> str:
    """A surname and two characters no other person of the list has in that order."""
    return f"{SURNAMES[n % len(SURNAMES)]} {KANJI[n % len(KANJI)]}{KANJI[n // len(KANJI) % len(KANJI)]}"


@pytest.fixture
def busy_window(window, station, noon):
    """The window on a station whose open activity already has 1,500 check-ins today."""
    start = noon.replace(hour=6)
    for n in range(PEOPLE):
        station.ledger.check_in(activity_id=ACTIVITY, day=noon.date(), at=start + timedelta(seconds=10 * n),
                                person_key=f"card:busy{n:05d}", details={"name": _name(n), "token": "eyJ.x.y"})
    return window


def _on_screen(table) -> set[str]:
    """Record ids of the rows the viewport shows (painted or about to be)."""
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    last = table.model().rowCount() - 1 if last < 0 else last
    return {table.model().row_at(r).record_id for r in range(max(first, 0), last + 1)}


def _paint(qtbot, table) -> None:
    table.viewport().repaint()
    qtbot.wait(10)


def test_the_list_opens_with_one_page_and_unseals_only_what_it_shows(qtbot, busy_window, station):
    window = busy_window
    window.resize(1366, 768)
    open_activity(qtbot, window, "定例会")
    unseals = Unseals(station.ledger)
    try:
        window.show_attendance()
        page, table = window.attendance, window.attendance.table
        _paint(qtbot, table)
        assert page.model.total == PEOPLE and page.model.rowCount() == PAGE and page.model.canFetchMore()
        assert page.count_label.text() == f"{PEOPLE} 件"
        shown = _on_screen(table)
        assert 5 < len(shown) < 40
        assert unseals.record_ids and set(unseals.record_ids) <= shown  # nothing off screen was opened
        assert len(unseals.record_ids) == len(set(unseals.record_ids))  # and nothing twice

        # Scrolling to the end fetches the next pages, one at a time, in order.
        while page.model.canFetchMore():
            before = page.model.rowCount()
            table.scrollToBottom()
            qtbot.waitUntil(lambda before=before: page.model.rowCount() > before, timeout=3000)
        rows = page.model.rows
        assert len(rows) == PEOPLE and len({r.record_id for r in rows}) == PEOPLE
        assert [r.person_key for r in rows] == [f"card:busy{n:05d}" for n in range(PEOPLE)]
        _paint(qtbot, table)
        assert set(unseals.record_ids) - shown <= _on_screen(table)  # the end of the list, now on screen
        assert len(unseals.record_ids) < 80
    finally:
        del station.ledger.unseal


def test_typing_in_the_search_box_finds_people_without_opening_the_others(qtbot, busy_window, station):
    window = busy_window
    open_activity(qtbot, window, "定例会")
    window.show_attendance()
    page = window.attendance
    unseals = Unseals(station.ledger)
    try:
        page.search.setFocus()
        type_text(page.search, "田中")
        assert page.search.text() == "田中"
        assert page.model.total == PEOPLE // len(SURNAMES) == int(page.count_label.text().split()[0])
        _paint(qtbot, page.table)
        names = {page.model.index(r, 3).data() for r in range(page.model.rowCount())}
        assert names and all(name.startswith("田中 ") for name in names)
        matching = {r.record_id for r in page.model.rows}
        assert set(unseals.record_ids) <= matching

        page.search.setText(f"田中 {_name(33)[3:]}")
        assert [page.model.index(r, 3).data() for r in range(page.model.rowCount())] == [_name(33)]
        page.search.setText("存在しない人")
        assert page.model.rowCount() == 0 and page.count_label.text() == "0 件"
        page.search.clear()
        assert page.model.total == PEOPLE
    finally:
        del station.ledger.unseal


def test_the_header_turns_the_order_and_the_day_filter_counts(qtbot, busy_window, station, noon):
    window = busy_window
    open_activity(qtbot, window, "定例会")
    window.show_attendance()
    page = window.attendance
    header = page.table.horizontalHeader()
    first = page.model.row_at(0)
    station.ledger.cancel(page.model.row_at(7).record_id, reason="二重受付", at=noon)
    page.refresh()
    assert page.model.row_at(7).status == "cancelled" and page.model.total == PEOPLE
    entry_column = AttendanceTableModel.COLUMNS.index("entry")
    header.setSortIndicator(entry_column, Qt.DescendingOrder)
    header.sectionClicked.emit(entry_column)  # newest first
    assert page.model.query.descending and page.model.row_at(0).person_key == f"card:busy{PEOPLE - 1:05d}"
    name_column = AttendanceTableModel.COLUMNS.index("name")
    header.setSortIndicator(name_column, Qt.AscendingOrder)
    header.sectionClicked.emit(name_column)  # sealed: not an order the list offers
    assert header.sortIndicatorSection() == entry_column and header.sortIndicatorOrder() == Qt.DescendingOrder
    assert page.model.query.descending
    day_column = AttendanceTableModel.COLUMNS.index("day")
    header.setSortIndicator(day_column, Qt.AscendingOrder)
    header.sectionClicked.emit(day_column)
    assert page.model.row_at(0).record_id == first.record_id

    assert page.day_filter.currentData() == noon.date().isoformat()
    assert page.model.total == PEOPLE
    page.day_filter.setCurrentIndex(0)  # every day: the same here
    assert page.model.query == AttendanceQuery(ACTIVITY, None, "", False)
    assert page.model.total == PEOPLE


def test_cancel_and_correct_reach_the_check_in_page_without_a_reread(qtbot, busy_window, station, noon):
    window = busy_window
    open_activity(qtbot, window, "定例会")
    checkin = window.checkin
    assert checkin.tally.count == PEOPLE
    latest = checkin.tally.recent[0]
    window.show_attendance()
    page = window.attendance
    page.search.setText(latest.name)
    assert page.model.rowCount() == 1 and page.model.row_at(0).record_id == latest.record_id
    page.cancel(latest.record_id, "二重受付")
    qtbot.waitUntil(lambda: checkin.tally.count == PEOPLE - 1, timeout=5000)
    assert page.model.row_at(0).status == "cancelled"
    assert latest.record_id not in [e.record_id for e in checkin.tally.recent]
    second = checkin.tally.recent[0]
    page.correct(second.record_id, "訂正 太郎", "漢字の誤り")
    qtbot.waitUntil(lambda: checkin.tally.recent[0].name == "訂正 太郎", timeout=5000)
    reread = type(checkin.tally)(window.view, checkin.tally.size)
    reread.load(ACTIVITY, noon.date().isoformat())
    assert (reread.count, reread.recent) == (checkin.tally.count, checkin.tally.recent)
    window.show_checkin()
    assert checkin.count_label.text() == f"本日の受付: {PEOPLE - 1} 人"
    assert "訂正 太郎" in checkin.recent.item(0).text()


def test_switching_language_retranslates_the_rows_already_painted(qtbot, busy_window, station, noon):
    window = busy_window
    open_activity(qtbot, window, "定例会")
    window.show_attendance()
    page = window.attendance
    kind, status = AttendanceTableModel.COLUMNS.index("kind"), AttendanceTableModel.COLUMNS.index("status")
    assert (page.model.index(0, kind).data(), page.model.index(0, status).data()) == ("登録証", "有効")
    window.language.switch("en")
    qtbot.waitUntil(lambda: page.model.index(0, status).data() != "有効", timeout=3000)
    assert page.model.index(0, kind).data().isascii() and page.model.index(0, status).data().isascii()
    window.language.switch("ja")
    qtbot.waitUntil(lambda: page.model.index(0, status).data() == "有効", timeout=3000)
