"""The station is usable with a keyboard alone: F-keys and Esc on the check-in page."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import open_activity


def test_function_keys_and_escape(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    qtbot.keyClick(page, Qt.Key_F2)
    assert page.center.currentWidget() is page.form_view
    qtbot.keyClick(page.form.edits["name"], Qt.Key_Escape)
    assert page.center.currentWidget() is page.panel
    qtbot.keyClick(page, Qt.Key_F3)
    assert window.pages.currentWidget() is window.attendance
    qtbot.keyClick(window.attendance.table, Qt.Key_Escape)
    assert window.pages.currentWidget() is window.checkin
    qtbot.keyClick(page, Qt.Key_Escape)
    assert window.pages.currentWidget() is window.picker
    qtbot.keyClick(window.picker.search, Qt.Key_F9)
    assert window.pages.currentWidget() is window.settings_page
