"""The coordinator's paperwork from the window: Excel beside CSV, and the record settings.

Buttons are clicked; the confirmation and the file dialog are answered as the operator would
(monkeypatched static dialogs: Qt's own would block the test); the export runs off the GUI
thread and is read back with openpyxl.
"""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.privacy.audit_log import AuditLog
from desktop.record_settings import RecordSettings
from tests.store.records import manual
from tests.ui.conftest import open_activity, wait_result


def _answer(monkeypatch, path, confirm=QMessageBox.Yes):
    asked = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[1:3]) or confirm)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a[1:3]) or (str(path), ""))
    return asked


def test_excel_button_writes_a_workbook_off_the_gui_thread_and_audits_it(qtbot, window, station, card,
                                                                         tmp_path, monkeypatch):
    open_activity(qtbot, window, "定例会")
    previous = window.checkin.panel.result
    window.checkin.submit_token(card("sub-xl-001", "佐藤 花子"), "test")
    wait_result(qtbot, window, previous)
    window.checkin.worker.check_in_manual("demo-jichikai", manual(name="青森 花子", postal_code="040-0001"))
    window.checkin.worker.wait(5000)
    window.show_attendance()
    page = window.attendance
    assert page.excel_button.text() == "Excelで出力…" and page.excel_button.isEnabled()
    out = tmp_path / "名簿.xlsx"
    asked = _answer(monkeypatch, out, confirm=QMessageBox.No)
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    assert not out.exists() and len(asked) == 1  # refused at the personal-data warning: no file dialog
    asked = _answer(monkeypatch, out)
    with qtbot.waitSignal(page.paperwork.exported, timeout=15000) as done:
        qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    assert asked[0][0] == "Excelで出力" and asked[1][1].endswith(".xlsx")
    assert done.args[0].format == "xlsx" and done.args[0].rows == 2
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    rows = {r[header.index("氏名")].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"佐藤 花子", "青森 花子"}
    postal = rows["青森 花子"][header.index("郵便番号")]
    assert (postal.value, postal.data_type, postal.number_format) == ("040-0001", "s", "@")
    assert rows["佐藤 花子"][header.index("区分")].value == "登録証"
    entry = AuditLog.for_data_dir(station.root).entries()[-1]
    assert (entry["event"], entry["rows"], entry["via"]) == ("xlsx_export", 2, "window")
    assert "名簿" not in (station.root / "audit.jsonl").read_text("utf-8")


def test_export_of_one_day_or_every_day_follows_the_day_filter(qtbot, window, station, noon, tmp_path, monkeypatch):
    from datetime import timedelta

    from desktop.checkin import CheckinService

    service = CheckinService(station)
    service.check_in_manual("demo-yukioroshi", manual(name="一日目 花子"), noon)
    service.check_in_manual("demo-yukioroshi", manual(name="二日目 花子"), noon + timedelta(days=1))
    open_activity(qtbot, window, "雪下ろし")
    window.show_attendance()
    page = window.attendance
    out = tmp_path / "day.xlsx"
    _answer(monkeypatch, out)
    for index, expected in ((1, {"一日目 花子"}), (0, {"一日目 花子", "二日目 花子"})):
        page.day_filter.setCurrentIndex(index)
        with qtbot.waitSignal(page.paperwork.exported, timeout=15000):
            qtbot.mouseClick(page.excel_button, Qt.LeftButton)
        sheet = openpyxl.load_workbook(out).active
        column = [c.value for c in next(sheet.iter_rows(max_row=1))].index("氏名")
        assert {r[column].value for r in sheet.iter_rows(min_row=2)} == expected


def test_export_failure_is_said_in_the_window(qtbot, window, station, tmp_path, monkeypatch):
    open_activity(qtbot, window, "定例会")
    window.show_attendance()
    page = window.attendance
    with qtbot.waitSignal(page.paperwork.jobs.failed, timeout=15000):
        page.paperwork.export_to(tmp_path / "no-such-folder" / "x.xlsx", "xlsx")
    assert page.message.text().startswith("書き出せませんでした")


def test_retention_days_and_date_style_are_station_settings(qtbot, window, station, tmp_path, monkeypatch):
    window.show_settings()
    page = window.settings_page
    assert page.retention_days.value() == 30
    assert "IV-4" in page.retention_reason.text() and page.retention_reason.isVisible()
    page.retention_days.setValue(7)
    window.worker.wait(5000)
    qtbot.waitUntil(lambda: RecordSettings(station.meta).retention_days == 7, timeout=3000)
    entry = AuditLog.for_data_dir(station.root).entries()[-1]
    assert (entry["event"], entry["keep_days"], entry["via"]) == ("retention_changed", 7, "window")
    assert page.retention_days.minimum() == 0 and page.retention_days.maximum() == 365

    page.date_style.setCurrentIndex(page.date_style.findData("wareki"))
    window.worker.wait(5000)
    qtbot.waitUntil(lambda: RecordSettings(station.meta).date_style == "wareki", timeout=3000)
    # The attendance list shows 和暦 at once...
    page.back_button.click()
    open_activity(qtbot, window, "定例会")
    window.checkin.worker.check_in_manual("demo-jichikai", manual(name="青森 花子", birth="1990-04-01"))
    window.checkin.worker.wait(5000)
    window.show_attendance()
    attendance = window.attendance
    day = attendance.proxy.index(0, 0).data()
    assert day.startswith("令和") and day.endswith("日")
    assert attendance.day_filter.itemText(1).startswith("令和")
    # ...and the exports carry the 和暦 columns.
    out = tmp_path / "w.csv"
    with qtbot.waitSignal(attendance.paperwork.exported, timeout=15000):
        attendance.paperwork.export_to(out)
    header = out.read_text("utf-8-sig").splitlines()[0].split(",")
    assert "活動日（和暦）" in header and "生年月日（和暦）" in header
    # A new window on the same station starts with the stored values.
    from tests.ui.conftest import open_window, settle_window

    again = open_window(qtbot, station, window._clock(), tmp_path / "second")
    try:
        assert again.settings_page.retention_days.value() == 7
        assert again.settings_page.date_style.currentData() == "wareki"
    finally:
        settle_window(again)
        again.shutdown()


def test_paperwork_texts_in_english(qtbot, window):
    window.language.switch("en")
    open_activity(qtbot, window, "定例会")
    window.show_attendance()
    qtbot.waitUntil(lambda: window.attendance.excel_button.text() == "Export to Excel…", timeout=2000)
    assert window.attendance.print_button.text() == "Print participant list…"
    window.show_qr()
    qtbot.waitUntil(lambda: window.qr.print_button.text() == "Print poster…", timeout=2000)
    assert window.qr.poster_button.text() == "Save A4 poster as PDF…"
    assert window.settings_page.retention_reason.text().startswith("Guideline IV-4")
