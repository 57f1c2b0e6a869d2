"""When the central will not take a record (the worker's "blocked" state), the window says so in full
in a banner across the top — not only in the elided status-bar line — in Japanese and English, and
hides it once the central takes records again. The banner takes no focus: scanning goes on."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, type_text, wait_result
from tests.ui.test_sync_blocked import JA
from tests.ui.test_sync_status import central, check_in_by_hand, enrolled_window  # noqa: F401 - fixtures


def _status(**changes):
    base = dict(state="online", pending=0, rejected=0, last_success=None, last_error=None,
                clock_skew_seconds=None, clock_off=False, syncing=False, blocked_seq=None, blocked_reason=None)
    base.update(changes)
    return SimpleNamespace(**base)


BLOCKED = dict(state="blocked", pending=3, rejected=1, blocked_seq=7, blocked_reason="bad_signature")


def test_the_whole_blocked_message_is_a_banner_in_both_languages(qtbot, window):
    banner = window.blocked_banner
    assert not banner.isVisible()
    window.status.sync_status.emit(_status(**BLOCKED))
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=2000)
    assert banner.text() == JA  # in full: the banner wraps, it does not elide
    assert banner.wordWrap() and banner.focusPolicy() == Qt.NoFocus
    assert not window.clock_banner.isVisible()  # the clock is fine: only this banner

    window.language.switch("en")
    qtbot.waitUntil(lambda: "record #7" in banner.text(), timeout=2000)
    assert "signature does not match" in banner.text() and "remain on this station" in banner.text()
    assert banner.text().isascii()
    window.language.switch("ja")
    qtbot.waitUntil(lambda: banner.text() == JA, timeout=2000)

    # Each round says "syncing" first, and a passing network error may follow: neither means the
    # central now takes the record, so the banner stays (as the status-bar line does).
    window.status.sync_status.emit(_status(**{**BLOCKED, "syncing": True}))
    window.status.sync_status.emit(_status(**{**BLOCKED, "state": "offline", "last_error": "unreachable"}))
    qtbot.waitUntil(lambda: window.status.network_state == "offline", timeout=2000)
    assert banner.isVisible() and banner.text() == JA

    # Another record and reason: the banner follows.
    window.status.sync_status.emit(_status(**{**BLOCKED, "blocked_seq": 9, "blocked_reason": "device_revoked"}))
    qtbot.waitUntil(lambda: "#9" in banner.text(), timeout=2000)
    assert "この端末の登録が取り消されています" in banner.text()

    # The central takes records again: gone.
    window.status.sync_status.emit(_status(state="online"))
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=2000)
    assert banner.text() == "" and window.status.error.text() == ""


def test_the_banner_neither_takes_focus_nor_stops_a_scan(qtbot, window, card):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.setFocus()
    qtbot.waitUntil(lambda: page.hasFocus(), timeout=2000)
    window.status.sync_status.emit(_status(**BLOCKED))
    qtbot.waitUntil(lambda: window.blocked_banner.isVisible(), timeout=2000)
    assert QApplication.focusWidget() is page
    # A scanner gun's burst still checks the person in.
    type_text(page, card("sub-banner-01", "佐藤 次郎") + "\r")
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.RECORDED
    assert window.blocked_banner.isVisible()


def test_a_revoked_station_shows_the_banner_with_a_real_central(qtbot, enrolled_window, central, station):  # noqa: F811
    from central import admin

    win, bar = enrolled_window, enrolled_window.status
    qtbot.waitUntil(lambda: bar.network_state == "online", timeout=15000)
    assert not win.blocked_banner.isVisible()
    with central.engine.begin() as conn:
        admin.revoke_device(conn, station.signer.device_id)
    win.show_picker()
    win.open_activity(next(a for a in station.activities.all() if a.id == "sync-test-1"))
    check_in_by_hand(qtbot, win, "田中 花子")
    qtbot.waitUntil(lambda: win.blocked_banner.isVisible(), timeout=15000)
    assert win.blocked_banner.text() == (
        "中央が記録 #1 を受け付けませんでした（理由: この端末の登録が取り消されています）。"
        "記録はこの端末に残っています。USBで書き出すか管理者に連絡してください。")
