"""UI tests: real widgets, offscreen, a real station in tmp_path trusting a test platform key."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from desktop import paths
from desktop.station import Station
from furusato.activity import JST
from furusato.card_token import issue_card
from furusato.keys import KeySet, generate_key, save_jwks


@pytest.fixture(scope="session", autouse=True)
def english_catalogue():
    """.qm files are build output: compile the English one if missing or stale."""
    from desktop.ui.translations import ensure_compiled

    assert ensure_compiled("en") is not None


@pytest.fixture
def noon():
    return datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture
def platform_key():
    return generate_key()


@pytest.fixture
def station(tmp_path, noon, platform_key):
    save_jwks(paths.trusted_keys_file(tmp_path), KeySet.of(platform_key).to_jwks())
    opened = Station.open(tmp_path, now=noon)
    yield opened
    opened.close()


@pytest.fixture
def card(platform_key, noon):
    """card(sub, name) → a token valid at noon, signed by the trusted platform key."""

    def make(sub: str = "sub-0001", name: str = "山田 太郎", key=None) -> str:
        iat = int(noon.timestamp()) - 3600
        return issue_card(key or platform_key, iss="https://platform.test", sub=sub, name=name, iat=iat, days=30)

    return make


def open_window(qtbot, station, noon, tmp_path, *, first_start: bool = False, **options):
    """The real main window on `station`, shown, with a fresh settings file and no camera.

    The station is past its first start (the operator chose the demo) unless `first_start`: then
    a station not enrolled opens on the first-run screen (tests/ui/test_first_run.py)."""
    from desktop import first_run
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings

    if not first_start and first_run.needs_first_run(station):
        first_run.choose_demo(station, noon)
    settings = StationSettings(tmp_path / "settings.json")
    win = MainWindow(station, clock=lambda: noon, settings=settings, source_factory=None, **options)
    qtbot.addWidget(win)
    win.show()
    return win


def settle_window(win) -> None:
    """Stop scanning, restore Japanese and let queued writes land, so the next test starts clean."""
    win.checkin.capture.stop()
    win.checkin.set_scanning(False)
    if win.language.current != "ja":
        win.language.switch("ja")
    win.worker.wait(5000)


@pytest.fixture
def window(qtbot, station, noon, tmp_path):
    win = open_window(qtbot, station, noon, tmp_path)
    yield win
    settle_window(win)


def qr_frames(folder, token: str, count: int = 12):
    """PNG frames of a QR code, as a phone screen held to the webcam would give."""
    import segno

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "card.png"
    segno.make_qr(token, error="m").save(str(path), scale=5, border=4)
    return [path] * count


def type_text(widget, text: str) -> None:
    """Key presses carrying `text`, as a keyboard or a scanner gun sends them (QTest only knows ASCII).

    "\r" is sent as the Return key.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch == "\r":
            key, ch = Qt.Key_Return, "\r"
        elif ch.isascii() and ch.isalnum():
            key = ord(ch.upper())
        else:
            key = Qt.Key_unknown
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.NoModifier, ch))


def open_activity(qtbot, win, title_part: str) -> None:
    win.picker.search.setFocus()
    type_text(win.picker.search, title_part + "\r")
    assert win.pages.currentWidget() is win.checkin


def wait_result(qtbot, win, previous=None, timeout=15000):
    qtbot.waitUntil(lambda: win.checkin.panel.result is not None and win.checkin.panel.result is not previous,
                    timeout=timeout)
    return win.checkin.panel.result


def pause(qtbot, ms: int) -> None:
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline:
        qtbot.wait(20)
