"""The real window opened and closed 50 times, every way a person or the system ends it: the close
button, Alt+F4, SIGTERM, SIGINT. Each must end through the window's own teardown (camera, sync and
workers stopped, the window deleted before the interpreter exits) with exit status 0 — no
"Fatal Python error: bool_dealloc", no abort, no hang."""

from __future__ import annotations

import signal

import pytest

from tests.x11.conftest import enrolled_station, open_window
from tests.x11.station_window import RealWindow, wait_for

CYCLES = 50
WAYS = ("close_button", "alt_f4", "sigterm", "sigint")
TORN_DOWN = "window closed: camera, sync and workers stopped, window deleted"


def _end(window: RealWindow, way: str) -> None:
    if way == "close_button":
        window.click_close_button()
    elif way == "alt_f4":
        window.alt_f4()
    else:
        window.send(signal.SIGTERM if way == "sigterm" else signal.SIGINT)


def _station_log(station) -> str:
    return "".join(path.read_text("utf-8", "replace") for path in sorted((station.root / "logs").glob("*.log*")))


@pytest.mark.slow
def test_fifty_open_close_cycles_end_cleanly(xserver, central, tmp_path):
    # Enrolled: the sync loop runs against the central while the window opens and closes.
    station = enrolled_station(tmp_path / "station", central)
    failures = []
    for n in range(CYCLES):
        way = WAYS[n % len(WAYS)]
        window = open_window(xserver, station, f"cycle-{n:02d}")
        if n % 5 == 0:  # now and then the window has done real work first: a card recorded, a sync woken
            window.pick_activity("Yukioroshi", 30)
            sub = f"x11-cycle-{n:02d}"
            window.scan(central.issue_card(sub, "高橋 三郎"))
            station.wait_for_card(sub)
        _end(window, way)
        try:
            status = window.wait_exit(60)
        except Exception:  # a hang is a failure too
            window.kill()
            status = "hung"
        if status != 0 or window.aborted():
            failures.append(f"cycle {n} ({way}): exit {status}\n{window.log()[-1500:]}")
    assert not failures, "\n\n".join(failures)
    log = _station_log(station)
    assert log.count(TORN_DOWN) == CYCLES
    ways = [WAYS[n % len(WAYS)] for n in range(CYCLES)]
    assert log.count("signal SIGTERM: closing the window") == ways.count("sigterm")
    assert log.count("signal SIGINT: closing the window") == ways.count("sigint")


def test_a_signal_during_the_sign_in_ends_cleanly(xserver, central, tmp_path):
    station = enrolled_station(tmp_path / "station", central)
    for signum in (signal.SIGTERM, signal.SIGINT):
        window = RealWindow(xserver, station, log_name=f"sign-in-{signum}")
        xserver.wait_active(r"サインイン", alive=window.alive)
        window.send(signum)
        assert window.wait_exit(60) == 0 and not window.aborted(), window.log()[-1500:]
    wait_for(lambda: _station_log(station).count("closing the window") == 2, 10, "both signals noted")
    assert TORN_DOWN not in _station_log(station)  # no window was opened
