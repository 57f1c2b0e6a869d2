"""Closing the window mid-scan ends the camera threads, the sync loop and the station's worker pool."""

from __future__ import annotations

import socket
import threading
import time

from desktop.scanner.replay import ReplaySource
from desktop.sync.enrollment import META_SERVER
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_registry import StationSettings
from tests.ui.conftest import open_activity, qr_frames, wait_result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_closing_mid_scan_stops_every_worker_without_hanging(qtbot, station, noon, card, tmp_path):
    # Enrolled with a central that is not there: the sync loop runs (offline) until the window closes.
    station.meta.set(META_SERVER, f"http://127.0.0.1:{free_port()}")
    frames = qr_frames(tmp_path / "frames", card("sub-close"))
    win = MainWindow(station, clock=lambda: noon, settings=StationSettings(tmp_path / "s.json"),
                     source_factory=lambda _settings: ReplaySource(frames, loop=True, fps=30),
                     sync_options={"offline_interval": 0.2})
    qtbot.addWidget(win)
    decoding = threading.Event()
    from desktop.scanner.capture_worker import _default_decode

    def slow_decode(image):
        decoding.set()
        time.sleep(0.15)  # the window closes while a frame is being decoded
        return _default_decode(image)

    win.checkin.capture.decode = slow_decode
    win.show()
    open_activity(qtbot, win, "定例会")
    assert win.checkin.capture.running
    wait_result(qtbot, win)
    capture_worker = win.checkin.capture.worker
    sync_worker = win.sync.worker
    assert sync_worker is not None and sync_worker.is_alive()
    # More writes queued on the station's single worker as the window closes: they land, not vanish.
    for n in range(5):
        win.checkin.submit_token(card(f"sub-close-{n}"), "wedge")
    before = station.ledger.size()
    decoding.clear()
    qtbot.waitUntil(decoding.is_set, timeout=3000)

    started = time.monotonic()
    win.close()
    elapsed = time.monotonic() - started

    assert elapsed < 5, f"closing took {elapsed:.1f} s"
    assert not capture_worker.is_alive()
    assert not capture_worker._decoder.is_alive()
    assert not sync_worker.is_alive()
    assert win.worker._pool.activeThreadCount() == 0
    assert station.ledger.size() >= before
    assert station.ledger.size() == 6  # the camera scan and the five wedge scans
    win.close()  # a second close is harmless
    assert win.shutdown()
