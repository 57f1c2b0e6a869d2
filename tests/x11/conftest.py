"""The real-input layer: the real window in its own process on a real X server (Xvfb + openbox),
driven by xdotool's real key events, checked through the station's database and its CLI.

Skipped, with the reason, where Xvfb, openbox, xdotool or the xkb tools are missing
(`installer/setup-debian.sh` installs them) — unless FURUSATO_REQUIRE_REAL_INPUT is set, as in CI,
where a missing tool is an error rather than a silently skipped layer. One X server serves the
whole layer, on the US layout; a test module that switches it (JIS) or turns CapsLock on switches
it back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from furusato.activity import JST
from tests.central.server import RunningCentral, sqlite_url
from tests.x11.station_window import ROOT, RealWindow, StationFolder
from tests.x11.xserver import XServer, missing_tools

LG = "152102"  # 十日町市

_missing = missing_tools()


def pytest_collection_modifyitems(config, items):
    if not _missing:
        return
    reason = (f"real-input tests need {', '.join(_missing)} "
              "(apt-get install xvfb xauth openbox xdotool x11-xkb-utils x11-utils)")
    if os.environ.get("FURUSATO_REQUIRE_REAL_INPUT"):
        raise pytest.UsageError(reason)
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "tests/x11/" in item.nodeid.replace("\\", "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def xserver(tmp_path_factory):
    x = XServer(tmp_path_factory.mktemp("x11-logs"))
    yield x
    x.stop()


@pytest.fixture(scope="module")
def on_jis(xserver):
    """The X server on the JIS layout for a module; what JIS makes of each character a US gun types."""
    try:
        yield xserver.mix_up("us", "jp")
    finally:
        xserver.layout("us")


@dataclass
class Central:
    """The real central on loopback, administered through `furusato-central` as its staff would."""

    running: RunningCentral

    @property
    def url(self) -> str:
        return self.running.url

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "central", "--db", self.running.db_url, *args],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"furusato-central {args[0]} exited {done.returncode}: {done.stdout} {done.stderr}")
        return done.stdout.strip()

    def add_activity(self, activity_id: str, title: str, start: datetime, end: datetime) -> None:
        self.cli("add-activity", "--id", activity_id, "--title", title, "--kind", "designated_project",
                 "--venue", LG, "--start", start.isoformat(), "--end", end.isoformat())

    def enrollment_code(self) -> str:
        return json.loads(self.cli("enrollment-code", "--lg", LG))["code"]

    def issue_card(self, sub: str, name: str) -> str:
        return self.cli("issue-card", "--sub", sub, "--name", name)


# The activities the station picks by typing; open now, whenever the tests run.
ACCEPTANCE = ("x11-yukioroshi", "雪下ろし Yukioroshi 2026")
PAIR = (("x11-kusakari-a", "草刈り Kusakari 2026 A"), ("x11-kusakari-b", "草刈り Kusakari 2026 B"))


@pytest.fixture(scope="session")
def central(tmp_path_factory):
    running = RunningCentral(sqlite_url(tmp_path_factory.mktemp("central")))
    central = Central(running)
    now = datetime.now(JST)
    central.cli("add-lg", "--code", LG)
    central.add_activity(*ACCEPTANCE, now - timedelta(hours=6), now + timedelta(hours=6))
    for hours, (activity_id, title) in zip((7, 6), PAIR, strict=True):  # A starts first, so it is listed first
        central.add_activity(activity_id, title, now - timedelta(hours=hours), now + timedelta(hours=6))
    yield central
    running.close()


def enrolled_station(folder: Path, central: Central) -> StationFolder:
    """A station set up as its operator does: a passphrase, then `enroll` with a one-time code."""
    station = StationFolder(folder)
    station.protect()
    station.cli("enroll", "--server", central.url, "--code", central.enrollment_code())
    return station


def open_window(xserver: XServer, station: StationFolder, name: str) -> RealWindow:
    window = RealWindow(xserver, station, log_name=name)
    try:
        window.sign_in()
    except Exception:
        window.kill()
        raise
    return window
