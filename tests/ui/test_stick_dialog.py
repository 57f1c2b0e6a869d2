"""「USBに書き出す」/「受領書を読み込む」 in the real window (pytest-qt, offscreen): a temp folder under a
media root plays the stick, listed by the real Linux lister; the bundle goes to it off the GUI thread,
verified; the real central (its database) imports it and writes the receipt; the window reads it
back, refuses a spoilt one, and the status bar counts what waits."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from central import admin
from central.receipts import import_with_receipt
from desktop.checkin import CheckinService
from desktop.privacy.audit_log import AuditLog
from desktop.removable_drives import linux_drives
from desktop.sync import outbox
from desktop.sync.bundle import read_bundle
from desktop.sync.enrollment import enroll
from desktop.ui.sync_texts import receipt_refusal_text
from furusato.activity import JST
from tests.central.server import RunningCentral
from tests.store.records import manual
from tests.ui.conftest import open_window, settle_window

LG = "152102"


@pytest.fixture
def central(tmp_path):
    running = RunningCentral(f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}")
    with running.engine.begin() as conn:
        admin.upsert_lg(conn, LG)
    yield running
    running.close()


@pytest.fixture
def stick(tmp_path):
    """/media/<user>/FURUSATO as a desktop would mount it, under a temporary root."""
    folder = tmp_path / "media" / "operator" / "FURUSATO"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def offline_window(qtbot, station, central, noon, tmp_path, stick):
    from central import enrollment

    with central.engine.begin() as conn:
        code = enrollment.new_code(conn, LG)["code"]
    enroll(station, central.url, code, label="ui-stick")
    central.stop()  # the network is gone for weeks: only the stick carries records now
    service = CheckinService(station)
    for n in range(2):
        result = service.check_in_manual("demo-jichikai", manual(birth=f"198{n}-04-01"), noon)
        assert result.record_id
    win = open_window(qtbot, station, noon, tmp_path, sync=False)
    win.drive_lister = lambda: linux_drives([tmp_path / "media" / "operator"], use_lsblk=False)
    yield win
    settle_window(win)


def _receipt(central, bundle_path, out):
    with central.engine.begin() as conn:
        _, token = import_with_receipt(conn, bundle_path.read_text("ascii"))
    out.write_text(token, "ascii")
    return out


def test_the_stick_both_ways_from_the_window(qtbot, offline_window, central, station, stick):
    win = offline_window
    assert win.status.pending_records == 2
    win.show_picker()
    QTest.keyClick(win, Qt.Key_F10)  # the picker's 「USB・受領書 (F10)」
    dialog = win.stick_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible() and dialog.drives.count() == 1, timeout=5000)
    assert "FURUSATO" in dialog.drives.item(0).text() and dialog.selected_folder() == stick
    assert dialog.export_button.isEnabled() and dialog.export_button.height() >= 48  # a gloved press (the style's padding)

    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert dialog.message.text().startswith("書き出して確認しました"), dialog.message.text()
    (written,) = stick.glob("*.frr")
    day = datetime.now(JST).strftime("%Y%m%d")
    assert written.name.startswith(f"furusato-{LG}-{station.signer.device_id[:8]}-{day}-")
    assert written.name in dialog.message.text()
    assert len(read_bundle(written)["records"]) == 2
    assert list(stick.glob(".*")) == []  # no temporary file left behind
    (entry,) = [e for e in AuditLog.for_data_dir(station.root).entries() if e["event"] == "bundle_export"]
    assert (entry["records"], entry["via"]) == (2, "window")
    assert entry.get("file_name", written.name) == written.name  # left out only if it looks personal

    # At the town hall: the central imports the stick's bundle and writes the receipt onto it.
    receipt = _receipt(central, written, stick / "receipt.frr")

    # A receipt spoilt on the way is refused in plain words, and nothing changes.
    raw = receipt.read_bytes()
    spoilt = stick / "spoilt.frr"
    middle = len(raw) // 2
    spoilt.write_bytes(raw[:middle] + (b"A" if raw[middle:middle + 1] != b"A" else b"B") + raw[middle + 1:])
    dialog.import_from(spoilt)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert dialog.message.text() == receipt_refusal_text("bad_answer_signature")
    assert "何も変更していません" in dialog.message.text()
    assert outbox.pending_count(station.engine) == 2 and win.status.pending_records == 2

    dialog.import_from(receipt)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert dialog.message.text() == "受領書を読み込みました: 2 件を送信済みにしました。未送信は残り 0 件です。"
    qtbot.waitUntil(lambda: win.status.pending_records == 0, timeout=5000)
    assert win.status.pending.text() == "未送信: 0 件"

    dialog.import_from(receipt)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert dialog.message.text() == receipt_refusal_text("already_applied")

    win.language.switch("en")
    qtbot.waitUntil(lambda: dialog.export_button.text() == "Write to USB", timeout=2000)
    assert dialog.receipt_button.text() == "Read a receipt…" and dialog.windowTitle().isascii()
    win.language.switch("ja")
    QTest.keyClick(dialog, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_without_a_stick_the_operator_picks_a_folder(qtbot, offline_window, tmp_path):
    win = offline_window
    win.drive_lister = lambda: linux_drives([tmp_path / "no-media"], use_lsblk=False)
    dialog = win.show_stick()
    qtbot.waitUntil(lambda: "USBメモリが見つかりません" in dialog.message.text(), timeout=5000)
    assert not dialog.export_button.isEnabled()
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    dialog.add_folder(folder)
    assert dialog.export_button.isEnabled() and dialog.selected_folder() == folder
    dialog.export_selected()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert len(list(folder.glob("furusato-*.frr"))) == 1
    # A second export the same minute never overwrites the first.
    dialog.export_selected()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert len(list(folder.glob("furusato-*.frr"))) == 2


def test_a_folder_that_cannot_be_written_is_said_so(qtbot, offline_window, tmp_path):
    win = offline_window
    dialog = win.show_stick()
    gone = tmp_path / "pulled-out"
    gone.mkdir()
    dialog.add_folder(gone)
    gone.rmdir()  # the stick is pulled out between choosing and writing
    dialog.export_selected()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert dialog.message.text().startswith("書き出せませんでした"), dialog.message.text()


def _blocked(**changes):
    base = dict(state="blocked", pending=3, rejected=1, last_success=None, last_error=None, clock_skew_seconds=None,
                clock_off=False, syncing=False, blocked_seq=7, blocked_reason="bad_signature")
    return SimpleNamespace(**{**base, **changes})


def test_the_blocked_banner_offers_the_stick_without_taking_focus(qtbot, offline_window):
    win = offline_window
    button = win.blocked_usb_button
    assert not button.isVisible()
    win.status.sync_status.emit(_blocked())
    qtbot.waitUntil(lambda: button.isVisible(), timeout=2000)
    assert button.text() == "USBで書き出す (F10)" and button.focusPolicy() == Qt.NoFocus
    assert win.blocked_banner.isVisible()
    button.click()
    qtbot.waitUntil(lambda: win.stick_dialog is not None and win.stick_dialog.isVisible(), timeout=2000)
    win.stick_dialog.reject()
    win.status.sync_status.emit(_blocked(state="online", blocked_seq=None, blocked_reason=None))
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=2000)


def test_the_stick_waits_for_the_passphrase_when_locked(qtbot, offline_window):
    win = offline_window
    win.lock()
    assert win.show_stick() is None and (win.stick_dialog is None or not win.stick_dialog.isVisible())
    # An open dialog closes when the station locks (it is about personal data leaving).
    win.session.unlocked()
    dialog = win.show_stick()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=2000)
    win.lock()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
