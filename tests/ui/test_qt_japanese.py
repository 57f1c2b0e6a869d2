"""Qt's own words follow the station's language: the buttons of QMessageBox, QInputDialog and
QDialogButtonBox, the file dialog; and the action that voids a record no longer reads like a
dialog's Cancel."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from tests.ui.conftest import open_activity, wait_result


def _file_dialog_words(window, tmp_path) -> set[str]:
    dialog = QFileDialog(window, "CSV", str(tmp_path), "CSV (*.csv)")
    dialog.setOption(QFileDialog.DontUseNativeDialog)  # Qt's own dialog: the one that needs translating
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    words = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    words |= {button.text() for button in dialog.findChildren(QPushButton) if button.text()}
    dialog.deleteLater()
    return words


def _box_words(window) -> list[str]:
    box = window.attendance.paperwork.export_warning()
    words = [box.button(button).text() for button in (QMessageBox.Yes, QMessageBox.No)]
    box.deleteLater()
    return words


def test_standard_dialogs_speak_japanese_and_switch_live(qtbot, window, tmp_path):
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
    assert _box_words(window) == ["はい(&Y)", "いいえ(&N)"]
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert [b.text() for b in buttons.buttons()] == ["OK", "キャンセル"]
    words = _file_dialog_words(window, tmp_path)
    # qtbase_ja lacks the first two; resources/i18n/qtbase_supplement_ja.ts fills them in.
    assert {"場所(&L):", "ファイルの種類(&T):", "ファイル名(&N):", "保存(&S)", "キャンセル"} <= words

    window.show_settings()
    window.settings_page.language.setCurrentIndex(1)  # English, from the settings page, no restart
    qtbot.waitUntil(lambda: window.settings_page.heading.text() == "Settings", timeout=2000)
    assert _box_words(window) == ["&Yes", "&No"]
    assert {"&Look in:", "Files of &type:", "Cancel"} <= _file_dialog_words(window, tmp_path)

    window.settings_page.language.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.settings_page.heading.text() == "設定", timeout=2000)
    assert _box_words(window) == ["はい(&Y)", "いいえ(&N)"]


def test_voiding_a_record_is_named_for_what_it_does(qtbot, window, card):
    open_activity(qtbot, window, "定例会")
    window.checkin.submit_token(card("sub-void-0001", "木村 次郎"), "test")
    wait_result(qtbot, window)
    window.show_attendance()
    page = window.attendance
    assert page.cancel_button.text() == "記録を取り消す…"
    assert page.cancel_button.objectName() == "voidButton" and "#voidButton" in window.styleSheet()
    page.table.selectRow(0)
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen["buttons"] = sorted(b.text() for b in dialog.findChildren(QPushButton))
        seen["label"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.setTextValue("二重に受付けたため")
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "記録を取り消す").click()

    QTimer.singleShot(0, answer)
    page.ask_cancel()
    assert seen["buttons"] == sorted(["記録を取り消す", "やめる（記録は残す）"])  # no bare キャンセル beside it
    assert "木村 次郎" in seen["label"]
    qtbot.waitUntil(lambda: page.message.text() == "取り消しました", timeout=5000)
    assert [row.status for row in window.view.rows(window.checkin.activity.id)] == ["cancelled"]


def test_keeping_the_record_leaves_it(qtbot, window, card):
    open_activity(qtbot, window, "定例会")
    window.checkin.submit_token(card("sub-void-0002"), "test")
    wait_result(qtbot, window)
    window.show_attendance()
    window.attendance.table.selectRow(0)

    def keep():
        dialog = QApplication.activeModalWidget()
        dialog.setTextValue("間違えて押した")
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "やめる（記録は残す）").click()

    QTimer.singleShot(0, keep)
    window.attendance.ask_cancel()
    window.worker.wait(5000)
    assert [row.status for row in window.view.rows(window.checkin.activity.id)] == ["active"]
