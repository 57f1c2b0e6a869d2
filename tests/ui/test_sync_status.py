"""The window runs the background sync against a real central on loopback and shows its state."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from central import admin, enrollment
from desktop.sync.enrollment import enroll
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_registry import StationSettings
from furusato.activity import JST
from tests.central.server import RunningCentral
from tests.ui.test_manual_entry import fill

LG = "152102"  # 新潟県十日町市, the demo station's local government


class LoopbackCentral(RunningCentral):
    """The real central, down until the test brings the network up."""

    def __init__(self, db_url: str):
        super().__init__(db_url, start=False)

    def code(self) -> str:
        with self.engine.begin() as conn:
            return enrollment.new_code(conn, LG)["code"]


@pytest.fixture
def central(tmp_path):
    running = LoopbackCentral(f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}")
    now = datetime.now(JST)
    with running.engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id="sync-test-1", title="同期テストの清掃活動", kind="designated_project",
                              venue=LG, start=(now - timedelta(hours=2)).isoformat(timespec="minutes"),
                              end=(now + timedelta(hours=2)).isoformat(timespec="minutes"))
    running.start()
    yield running
    running.stop()
    running.engine.dispose()


@pytest.fixture
def enrolled_window(qtbot, station, central, tmp_path, monkeypatch):
    enroll(station, central.url, central.code(), label="ui-test")
    win = MainWindow(station, clock=lambda: datetime.now(JST), settings=StationSettings(tmp_path / "s.json"),
                     source_factory=None, sync_options={"interval": 30.0, "offline_interval": 0.5})
    qtbot.addWidget(win)
    win.show()
    yield win
    win.shutdown()


def check_in_by_hand(qtbot, win, name: str) -> None:
    page = win.checkin
    page.show_manual_form()
    form = page.form
    fill(qtbot, form.edits["name"], name)
    fill(qtbot, form.edits["postal_code"], "9421432")
    fill(qtbot, form.edits["address"], "松之山1-2")
    fill(qtbot, form.edits["birth_date"], "1980-04-01")
    fill(qtbot, form.edits["email"], "hanako@example.jp")
    fill(qtbot, form.edits["phone"], "090-1234-5678")
    assert form.visible_errors() == {}
    form.save_button.click()


def test_enrolled_window_uploads_a_manual_record_and_goes_offline_without_the_central(
        qtbot, enrolled_window, central, station):
    win, status = enrolled_window, enrolled_window.status
    assert win.sync.running
    qtbot.waitUntil(lambda: status.network_state == "online", timeout=15000)
    assert status.pending_records == 0
    assert "最終同期" in status.last_success.text()

    # A record checked in through the window: pending 1 at once, then the woken worker uploads it.
    seen = []
    status.sync_status.connect(lambda s: seen.append(s.pending))
    win.show_picker()
    win.open_activity(next(a for a in station.activities.all() if a.id == "sync-test-1"))
    check_in_by_hand(qtbot, win, "田中 花子")
    qtbot.waitUntil(lambda: status.pending_records == 0 and bool(seen) and status.network_state == "online"
                    and win.station.ledger.size() == 1, timeout=15000)
    assert "未送信: 0 件" in status.pending.text()
    assert status.network.text() == "通信: 接続中"
    assert status.error.text() == ""

    # The central goes away: the next record stays pending and the bar says offline, in plain words.
    central.stop()
    check_in_by_hand(qtbot, win, "鈴木 一郎")
    qtbot.waitUntil(lambda: status.network_state == "offline" and status.pending_records == 1, timeout=20000)
    assert status.network.text() == "通信: オフライン"
    assert "未送信: 1 件" in status.pending.text()
    assert "サーバーに接続できません" in status.error.text()

    # It comes back: the worker (retrying offline every 0.5 s) empties the outbox by itself.
    central.start()
    qtbot.waitUntil(lambda: status.network_state == "online" and status.pending_records == 0, timeout=20000)


def test_close_stops_the_sync_worker(qtbot, enrolled_window):
    worker = enrolled_window.sync.worker
    assert worker is not None and worker.is_alive()
    started = time.monotonic()
    enrolled_window.close()
    assert time.monotonic() - started < 6
    assert not worker.is_alive()
    assert enrolled_window.sync.worker is None


def test_not_enrolled_station_runs_no_sync_and_says_so(window):
    assert not window.sync.running
    assert window.status.network.text() == "通信: 未登録の端末"
    assert window.status.error.text() == ""


def _status(**changes):
    base = dict(state="online", pending=0, rejected=0, last_success=None, last_error=None,
                clock_skew_seconds=None, clock_off=False, syncing=False)
    base.update(changes)
    return SimpleNamespace(**base)


def test_clock_skew_shows_a_red_banner_in_both_languages(qtbot, window):
    window.status.sync_status.emit(_status(clock_skew_seconds=-900.0, clock_off=True))
    qtbot.waitUntil(lambda: window.clock_banner.isVisible(), timeout=2000)
    assert "15 分遅れています" in window.clock_banner.text()
    window.language.switch("en")
    qtbot.waitUntil(lambda: "15 minutes behind" in window.clock_banner.text(), timeout=2000)
    window.status.sync_status.emit(_status(clock_skew_seconds=1.0, clock_off=False))
    qtbot.waitUntil(lambda: not window.clock_banner.isVisible(), timeout=2000)


def test_every_sync_error_code_has_words_in_japanese_and_english(window):
    import desktop.sync.errors as errors
    from desktop.ui.sync_texts import sync_error_text

    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.SyncError)}
    codes |= {"timeout", "rate_limited", "server_error", "internal_error", "unknown_device", "device_revoked"}
    fallback = sync_error_text("some_new_code")
    for lang in ("ja", "en"):
        window.language.switch(lang)
        texts = {code: sync_error_text(code) for code in codes}
        assert all(text and "some_new_code" not in text and text != fallback for text in texts.values())
        assert len(set(texts.values())) == len(texts)
        if lang == "en":
            assert all(text.isascii() for text in texts.values()), texts
