"""The picker from the search box alone: type, ↑/↓ to choose, Enter to open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import type_text
from tests.ui.layout_check import problems


def _selected_title(picker) -> str:
    return picker.selected_activity().title


def test_down_and_up_in_the_search_box_move_the_selection_and_enter_opens_it(qtbot, window):
    picker = window.picker
    picker.focus_search()
    titles = [picker.model.activity_at(picker.proxy.mapToSource(picker.proxy.index(r, 0)).row()).title
              for r in range(picker.proxy.rowCount())]
    assert len(titles) >= 3
    assert _selected_title(picker) == titles[0]
    QTest.keyClick(picker.search, Qt.Key_Down)
    QTest.keyClick(picker.search, Qt.Key_Down)
    assert _selected_title(picker) == titles[2]
    QTest.keyClick(picker.search, Qt.Key_Up)
    assert _selected_title(picker) == titles[1]
    assert picker.search.hasFocus()  # the keys moved the list, not the focus
    QTest.keyClick(picker.search, Qt.Key_Return)
    assert window.pages.currentWidget() is window.checkin
    assert window.checkin.activity.title == titles[1]


def test_the_selection_stops_at_both_ends(qtbot, window):
    picker = window.picker
    picker.focus_search()
    rows = picker.proxy.rowCount()
    QTest.keyClick(picker.search, Qt.Key_Up)
    assert picker.table.selectionModel().selectedRows()[0].row() == 0
    for _ in range(rows + 3):
        QTest.keyClick(picker.search, Qt.Key_Down)
    assert picker.table.selectionModel().selectedRows()[0].row() == rows - 1


def test_arrows_move_within_what_the_search_left(qtbot, window):
    picker = window.picker
    picker.focus_search()
    type_text(picker.search, "雪")  # QTest types ASCII only
    assert picker.proxy.rowCount() == 2  # 雪下ろし and 雪まつり
    first = _selected_title(picker)
    QTest.keyClick(picker.search, Qt.Key_Down)
    second = _selected_title(picker)
    assert {first, second} == {"雪下ろしボランティア（松代地区）", "雪まつり 運営スタッフ"}
    QTest.keyClick(picker.search, Qt.Key_Down)
    assert _selected_title(picker) == second


def test_shift_arrows_still_select_text_in_the_box(qtbot, window):
    picker = window.picker
    picker.focus_search()
    type_text(picker.search, "定例")
    before = _selected_title(picker)
    QTest.keyClick(picker.search, Qt.Key_Home)
    QTest.keyClick(picker.search, Qt.Key_Down, Qt.ShiftModifier)  # a text-selection key, left to the box
    assert _selected_title(picker) == before


def test_every_column_fits_again_after_the_search_is_cleared(qtbot, window):
    """Filtering to one short row and back: the dates of the rows that return are not cut off."""
    window.resize(1366, 768)
    picker = window.picker
    picker.focus_search()
    type_text(picker.search, "定例会")
    qtbot.waitUntil(lambda: picker.proxy.rowCount() == 1)
    picker.search.clear()
    qtbot.waitUntil(lambda: picker.proxy.rowCount() >= 3)
    qtbot.waitUntil(lambda: problems(window, "picker after a search") == [], timeout=3000)
