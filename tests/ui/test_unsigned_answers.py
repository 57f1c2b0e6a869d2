"""The real window, its real background sync, and between it and the real central (loopback) a proxy
that strips the central's signature from its answers: the records stay pending and the status bar says
why in plain Japanese; once the answers come through signed again, they settle."""

from __future__ import annotations

from datetime import datetime

from desktop.checkin import CheckinService
from desktop.sync.enrollment import enroll
from desktop.ui.sync_texts import sync_error_text
from furusato.activity import JST
from tests.store.records import manual
from tests.sync.fault_proxy import FaultProxy
from tests.ui.conftest import open_window
from tests.ui.test_sync_status import central  # noqa: F401 - fixture


def _strip_signature(request: bytes, body: bytes) -> bytes:
    if not request.startswith(b"POST /v1/records"):
        return body
    return body.replace(b'"answer":{', b'"unsigned":{')


def test_a_window_whose_answers_are_unsigned_says_so(qtbot, station, central, tmp_path, noon):  # noqa: F811
    with FaultProxy(central.port, weights={"ok": 1.0}) as proxy:
        enroll(station, proxy.url, central.code(), label="ui-unsigned")
        CheckinService(station).check_in_manual("sync-test-1", manual(), datetime.now(JST))
        proxy.rewrite_answer = _strip_signature
        win = open_window(qtbot, station, noon, tmp_path, sync=True,
                          sync_options={"interval": 0.5, "offline_interval": 0.5})
        try:
            bar = win.status
            qtbot.waitUntil(lambda: bar.last_error == "unsigned_answer", timeout=20000)
            assert bar.error.text() == sync_error_text("unsigned_answer")
            assert "署名がない" in bar.error.text() and bar.pending_records == 1
            assert bar.network_state in ("online", "syncing")  # the network works; the answer does not
            win.language.switch("en")
            qtbot.waitUntil(lambda: "not signed" in bar.error.text(), timeout=2000)
            win.language.switch("ja")
            proxy.rewrite_answer = None  # the man in the middle is gone: the next round settles
            qtbot.waitUntil(lambda: bar.pending_records == 0 and bar.last_error is None, timeout=20000)
            assert bar.error.text() == ""
        finally:
            win.shutdown()
