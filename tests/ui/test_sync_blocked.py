"""The window says in plain words when the central will not take a record (the worker's "blocked"
state): which record, why, that nothing is lost, and what to do — in Japanese and English."""

from __future__ import annotations

from types import SimpleNamespace

from desktop.sync import outbox
from desktop.sync.enrollment import META_SERVER
from tests.ui.test_sync_status import central, check_in_by_hand, enrolled_window  # noqa: F401 - fixtures

JA = ("中央が記録 #7 を受け付けませんでした（理由: 署名が一致しません）。記録はこの端末に残っています。"
      "USBで書き出すか管理者に連絡してください。")


def _status(**changes):
    base = dict(state="online", pending=0, rejected=0, last_success=None, last_error=None,
                clock_skew_seconds=None, clock_off=False, syncing=False, blocked_seq=None, blocked_reason=None)
    base.update(changes)
    return SimpleNamespace(**base)


def test_a_blocked_sync_is_shown_with_the_record_and_the_reason_in_both_languages(qtbot, window):
    bar = window.status
    bar.sync_status.emit(_status(state="blocked", pending=3, rejected=1, blocked_seq=7,
                                 blocked_reason="bad_signature"))
    qtbot.waitUntil(lambda: bar.network_state == "blocked", timeout=2000)
    assert bar.error.text() == JA and bar.error.toolTip() == JA
    assert bar.network.text() == "通信: 送信停止中"
    window.language.switch("en")
    qtbot.waitUntil(lambda: "record #7" in bar.error.text(), timeout=2000)
    assert "signature does not match" in bar.error.text() and "remain on this station" in bar.error.text()
    assert bar.network.text() == "Network: sending stopped"
    # A passing network error does not hide it; the state clears once the central takes records again.
    bar.sync_status.emit(_status(state="offline", last_error="unreachable", blocked_seq=7,
                                 blocked_reason="bad_signature"))
    qtbot.waitUntil(lambda: bar.network_state == "offline", timeout=2000)
    assert "record #7" in bar.error.text()
    bar.sync_status.emit(_status(state="online"))
    qtbot.waitUntil(lambda: bar.error.text() == "", timeout=2000)


def test_every_rejection_reason_has_its_own_words(window):
    from desktop.ui.sync_texts import blocked_text, rejection_reason_text

    for lang in ("ja", "en"):
        window.language.switch(lang)
        words = {reason: rejection_reason_text(reason) for reason in outbox.REJECTION_REASONS}
        assert all(text and text != reason for reason, text in words.items()), words
        assert len(set(words.values())) == len(words)
        if lang == "en":
            assert all(text.isascii() for text in words.values()), words
        assert "#12" in blocked_text(12, "fork") and words["fork"] in blocked_text(12, "fork")
    # A code this station does not know yet is shown as it came.
    assert "new_reason" in blocked_text(3, "new_reason")


def test_the_window_shows_a_revoked_station_as_blocked(qtbot, enrolled_window, central, station):  # noqa: F811
    win, bar = enrolled_window, enrolled_window.status
    assert station.meta.get(META_SERVER)
    qtbot.waitUntil(lambda: bar.network_state == "online", timeout=15000)
    with central.engine.begin() as conn:
        from central import admin

        admin.revoke_device(conn, station.signer.device_id)
    win.show_picker()
    win.open_activity(next(a for a in station.activities.all() if a.id == "sync-test-1"))
    check_in_by_hand(qtbot, win, "田中 花子")
    qtbot.waitUntil(lambda: bar.network_state == "blocked", timeout=15000)
    assert bar.error.text().startswith("中央が記録 #1 を受け付けませんでした（理由: この端末の登録が取り消されています）")
    assert bar.network.text() == "通信: 送信停止中"
    assert win.sync.worker.uploads_paused
