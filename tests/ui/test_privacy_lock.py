"""Guideline IV-4 in the window: a passphrase before the station opens, throttled unlocking, the idle
lock that hides personal details while scanning goes on, Ctrl+L, and the CSV export's audit line."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from desktop import paths
from desktop.privacy import key_store
from desktop.privacy.audit_log import AuditLog
from desktop.station import Station
from desktop.ui.sign_in import PassphraseSetupDialog, UnlockDialog, obtain_data_key
from furusato.keys import KeySet, save_jwks
from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, open_window, pause, settle_window, type_text, wait_result

FAST = {"n": 2**14, "r": 8, "p": 1}
PASSPHRASE = "matsunoyama-2026"


def _events(root) -> list[dict]:
    return AuditLog.for_data_dir(root).entries()


def _enter(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key_Return)


# --- first start: a passphrase cannot be skipped ---------------------------------------------


def test_first_start_forces_a_passphrase(qtbot, tmp_path):
    dialog = PassphraseSetupDialog(tmp_path, scrypt_params=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.first, Qt.Key_Escape)  # Esc does not skip it
    assert dialog.isVisible() and dialog.data_key is None

    _enter(qtbot, dialog.first, "short")
    _enter(qtbot, dialog.second, "short")
    assert "8文字以上" in dialog.error.text()
    assert not key_store.exists(tmp_path)

    dialog.first.clear()
    _enter(qtbot, dialog.first, "correct horse 1")
    _enter(qtbot, dialog.second, "correct horse 2")
    assert "一致しません" in dialog.error.text()
    assert not key_store.exists(tmp_path)

    dialog.first.clear()
    dialog.second.clear()
    _enter(qtbot, dialog.first, PASSPHRASE)
    _enter(qtbot, dialog.second, PASSPHRASE)
    assert dialog.result() == QDialog.Accepted
    assert key_store.is_protected(tmp_path)
    assert dialog.data_key.key_id == key_store.unlock(tmp_path, PASSPHRASE).key_id
    assert [e["event"] for e in _events(tmp_path)] == ["station_protected"]
    assert _events(tmp_path)[0]["via"] == "window"
    assert PASSPHRASE not in (tmp_path / "audit.jsonl").read_text("utf-8")

    station = Station.open(tmp_path, data_key=dialog.data_key)
    try:
        assert station.meta.get("privacy_state") == "protected"
    finally:
        station.close()


def test_an_unprotected_station_gets_its_passphrase_and_keeps_its_key(qtbot, station):
    """A station opened before (an unprotected key exists): the window's start protects the same key."""
    root, key_id = station.root, station.data_key.key_id
    assert not key_store.is_protected(root)

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseSetupDialog)
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog.submit()

    QTimer.singleShot(0, answer)
    key = obtain_data_key(root, scrypt_params=FAST)
    assert key is not None and key.key_id == key_id
    assert key_store.is_protected(root)
    assert _events(root)[-1]["event"] == "station_protected"


def test_a_protected_station_asks_for_the_passphrase_at_start(qtbot, tmp_path):
    key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        dialog.form.field.setText(PASSPHRASE)
        dialog.form.submit()

    QTimer.singleShot(0, answer)
    key = obtain_data_key(tmp_path)
    assert key is not None and key.key_id == key_store.info(tmp_path).key_id
    assert [e["event"] for e in _events(tmp_path)] == ["unlock_ok"]


def test_closing_the_sign_in_opens_nothing(qtbot, tmp_path, monkeypatch):
    import desktop.privacy.log_redaction as log_redaction
    from desktop.ui.app import open_station_signed_in

    monkeypatch.setattr(log_redaction, "configure_logging", lambda root: None)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().close())
    assert open_station_signed_in(str(tmp_path)) is None
    assert not key_store.exists(tmp_path) and not paths.database_file(tmp_path).exists()


def test_an_unprotected_key_swapped_into_a_protected_station_is_refused(qtbot, protected_station, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    root = protected_station.root
    assert protected_station.meta.get("privacy_state") == "protected"
    key_store.key_file(root).unlink()
    key_store.create(root)  # an intruder's unprotected key
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[1]))
    assert obtain_data_key(root, scrypt_params=FAST) is None  # no passphrase is put on the intruder's key
    assert shown and not key_store.is_protected(root)


# --- unlocking is throttled ------------------------------------------------------------------


def test_wrong_passphrases_get_throttled(qtbot, tmp_path):
    key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    dialog = UnlockDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form

    def attempt(text: str) -> None:
        form.field.setText(text)
        qtbot.keyClick(form.field, Qt.Key_Return)
        qtbot.waitUntil(lambda: not form.busy, timeout=10000)

    for _ in range(3):  # the free attempts
        attempt("wrong passphrase")
        assert form.message.text() == "パスフレーズが違います。"
    attempt("wrong passphrase")  # the fourth failure starts a wait
    assert "秒待って" in form.message.text()
    attempt(PASSPHRASE)  # even the right one is not tried while the wait lasts
    assert dialog.data_key is None
    assert "秒待って" in form.message.text()
    events = [e["event"] for e in _events(tmp_path)]
    assert events == ["unlock_failed"] * 4 + ["unlock_throttled"]
    throttled = _events(tmp_path)[-1]
    assert throttled["via"] == "window" and throttled["retry_after_s"] >= 1
    assert json.loads((tmp_path / "unlock_throttle.json").read_text())["failures"] == 4

    pause(qtbot, 2100)  # the first wait is two seconds
    attempt(PASSPHRASE)
    assert dialog.data_key is not None and dialog.result() == QDialog.Accepted
    assert _events(tmp_path)[-1]["event"] == "unlock_ok"
    assert json.loads((tmp_path / "unlock_throttle.json").read_text())["failures"] == 0


# --- the idle lock ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def protected_station(tmp_path, noon, platform_key):
    save_jwks(paths.trusted_keys_file(tmp_path), KeySet.of(platform_key).to_jwks())
    data_key = key_store.create(tmp_path, PASSPHRASE, scrypt_params=FAST)
    opened = Station.open(tmp_path, now=noon, data_key=data_key)
    yield opened
    opened.close()


@pytest.fixture
def lock_clock():
    return FakeClock()


@pytest.fixture
def locking_window(qtbot, protected_station, noon, tmp_path, lock_clock):
    win = open_window(qtbot, protected_station, noon, tmp_path, lock_clock=lock_clock)
    yield win
    settle_window(win)
    win.shutdown()


def _wedge_scan(qtbot, window, token):
    previous = window.checkin.panel.result
    window.checkin.setFocus()
    type_text(window.checkin, token + "\r")
    return wait_result(qtbot, window, previous)


def _unlock(qtbot, window, passphrase=PASSPHRASE):
    form = window.lock_bar.form
    form.field.setText(passphrase)
    form.submit()
    qtbot.waitUntil(lambda: not form.busy, timeout=10000)


def test_idle_lock_hides_names_but_scanning_goes_on(qtbot, locking_window, card, lock_clock, protected_station):
    window = locking_window
    assert window.settings.get("idle_lock_minutes") == 5 and not window.locked
    open_activity(qtbot, window, "定例会")
    assert _wedge_scan(qtbot, window, card("sub-lock-001", "佐藤 花子")).outcome is Outcome.RECORDED
    window.show_attendance()
    assert [r.display_name for r in window.attendance.visible_rows()] == ["佐藤 花子"]

    lock_clock.now += 4 * 60
    window.show_checkin()
    # A volunteer's scan is not operator activity: it does not put the lock off.
    assert _wedge_scan(qtbot, window, card("sub-lock-002", "木村 次郎")).outcome is Outcome.RECORDED
    window.show_attendance()  # the operator looks at the list: that was at minute 4
    lock_clock.now += 60 + 1
    qtbot.waitUntil(lambda: window.locked, timeout=3000)  # the 1 s timer ticks the session

    # The attendance list is gone and emptied; the window went back to the check-in page.
    assert window.pages.currentWidget() is window.checkin
    assert window.attendance.model.rowCount() == 0
    assert window.attendance.table.isHidden() and not window.attendance.locked_label.isHidden()
    assert window.attendance.locked_label.text() == "（ロック中）"
    page = window.checkin
    texts = [page.recent.item(i).text() for i in range(page.recent.count())]
    assert len(texts) == 2 and all("（ロック中）" in t for t in texts)
    assert not any("佐藤" in t or "木村" in t for t in texts)
    assert page.panel.name.text() == ""
    assert window.lock_bar.isVisible() and window.lock_bar.button.text() == "ロック中 — 解除 (Ctrl+L)"
    assert _events(protected_station.root)[-1] == {**_events(protected_station.root)[-1], "event": "locked",
                                                   "reason": "idle"}

    # Scanning still records, with the outcome and without the name.
    result = _wedge_scan(qtbot, window, card("sub-lock-003", "鈴木 一郎"))
    assert result.outcome is Outcome.RECORDED
    assert page.panel.headline.text() == "記録しました" and page.panel.name.text() == ""
    assert page.recent.count() == 3
    assert all("鈴木" not in page.recent.item(i).text() for i in range(3))
    assert len(window.view.rows(page.activity.id)) == 3
    assert window.locked  # the scan did not unlock

    # Operator-only views ask for the passphrase instead.
    window.show_attendance()
    assert window.pages.currentWidget() is window.checkin and window.lock_bar.unlocking
    page.show_manual_form()
    assert page.center.currentWidget() is page.panel

    # A wrong passphrase keeps it locked; the right one restores every detail.
    _unlock(qtbot, window, "not the passphrase")
    assert window.locked and window.lock_bar.form.message.text() == "パスフレーズが違います。"
    _unlock(qtbot, window)
    assert not window.locked and not window.lock_bar.isVisible()
    assert page.panel.name.text() == "鈴木 一郎"
    assert any("鈴木 一郎" in page.recent.item(i).text() for i in range(page.recent.count()))
    window.show_attendance()
    assert window.pages.currentWidget() is window.attendance
    assert sorted(r.display_name for r in window.attendance.visible_rows()) == ["佐藤 花子", "木村 次郎", "鈴木 一郎"]
    assert [e["event"] for e in _events(protected_station.root)][-3:] == ["locked", "unlock_failed", "unlock_ok"]


def test_locking_hides_the_manual_form_and_closes_open_dialogs(qtbot, locking_window, card, lock_clock):
    window = locking_window
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    page.form.edits["name"].setText("高橋 三郎")
    window.lock("manual")
    assert page.center.currentWidget() is page.panel and not page.manual_button.isEnabled()
    _unlock(qtbot, window)
    page.show_manual_form()
    assert page.form.edits["name"].text() == "高橋 三郎"  # kept out of sight, not lost

    # A dialog that names someone (the cancel reason) is closed by the idle lock.
    _wedge_scan(qtbot, window, card("sub-lock-dlg", "伊藤 四郎"))
    window.show_attendance()
    window.attendance.table.selectRow(0)
    seen = {}

    def idle():
        dialog = QApplication.activeModalWidget()
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        lock_clock.now += 5 * 60 + 1  # the operator walks away; the 1 s timer locks

    QTimer.singleShot(0, idle)
    window.attendance.ask_cancel()  # returns once the lock has closed the dialog
    assert "伊藤 四郎" in seen["text"]
    assert window.locked and QApplication.activeModalWidget() is None
    assert all(r.status == "active" for r in window.view.rows(page.activity.id))


def test_ctrl_l_locks_and_then_asks_for_the_passphrase(qtbot, locking_window, protected_station):
    window = locking_window
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    open_activity(qtbot, window, "定例会")
    qtbot.keyClick(window.checkin, Qt.Key_L, Qt.ControlModifier)
    assert window.locked
    entry = _events(protected_station.root)[-1]
    assert entry["event"] == "locked" and entry["reason"] == "manual"
    assert not window.lock_bar.unlocking
    qtbot.keyClick(window.checkin, Qt.Key_L, Qt.ControlModifier)
    assert window.lock_bar.unlocking and window.lock_bar.form.field.hasFocus()
    qtbot.keyClick(window.lock_bar.form.field, Qt.Key_Escape)
    assert not window.lock_bar.unlocking and window.locked


def test_operator_input_keeps_the_session_open(qtbot, locking_window, lock_clock):
    window = locking_window
    lock_clock.now += 4 * 60
    qtbot.keyClick(window.picker.search, Qt.Key_Down)
    lock_clock.now += 4 * 60
    window.tick_lock()
    assert not window.locked
    lock_clock.now += 60 + 1
    window.tick_lock()
    assert window.locked


def test_idle_lock_setting(qtbot, locking_window, lock_clock):
    window = locking_window
    window.show_settings()
    spin = window.settings_page.idle_lock_minutes
    assert spin.value() == 5 and spin.specialValueText() == "ロックしない"
    assert window.settings_page.labels["idle_lock_minutes"].text() == "自動ロックまでの時間（分）:"
    spin.setValue(0)
    assert window.settings.get("idle_lock_minutes") == 0
    lock_clock.now += 24 * 3600
    window.tick_lock()
    assert not window.locked  # 0 = never; Ctrl+L still locks
    spin.setValue(2)
    lock_clock.now += 2 * 60 + 1
    window.tick_lock()
    assert window.locked
    assert window.pages.currentWidget() is window.picker  # settings are the operator's: left when locked


def test_lock_texts_are_translated(qtbot, locking_window):
    window = locking_window
    window.lock()
    window.language.switch("en")
    qtbot.waitUntil(lambda: window.lock_bar.button.text() == "Locked — unlock (Ctrl+L)", timeout=2000)
    assert window.attendance.locked_label.text() == "(locked)"


# --- CSV export ------------------------------------------------------------------------------


def test_csv_export_is_audited(qtbot, window, card, station, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    open_activity(qtbot, window, "定例会")
    for sub, name in (("sub-csv-001", "佐藤 花子"), ("sub-csv-002", "木村 次郎")):
        previous = window.checkin.panel.result
        window.checkin.submit_token(card(sub, name), "test")
        wait_result(qtbot, window, previous)
    window.show_attendance()
    out = tmp_path / "佐藤_out.csv"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.No)
    window.attendance.paperwork.ask_export()
    assert not out.exists() and not _events(station.root)  # refused: nothing written, nothing audited

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    with qtbot.waitSignal(window.attendance.paperwork.exported, timeout=15000):
        window.attendance.paperwork.ask_export()
    assert out.exists()
    entry = _events(station.root)[-1]
    assert entry["event"] == "csv_export" and entry["rows"] == 2 and entry["via"] == "window"
    assert "佐藤" not in (station.root / "audit.jsonl").read_text("utf-8")
    assert AuditLog.for_data_dir(station.root).verify() == []
