"""SIGTERM and SIGINT end the window the way its close button does; the teardown leaves nothing to
interpreter exit. (tests/x11/test_window_shutdown.py does it 50 times to the real program.)"""

from __future__ import annotations

import os
import signal

import shiboken6
from PySide6.QtWidgets import QDialog

from desktop.ui.app_exit import ExitSignals, tear_down
from tests.ui.conftest import pause


def test_a_signal_closes_open_dialogs_and_is_noted(qtbot, qapp):
    before = signal.getsignal(signal.SIGTERM)
    exits = ExitSignals()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        assert exits.received == signal.SIGTERM
        assert dialog.result() == QDialog.Rejected  # answered "cancel", as its close button does
    finally:
        exits.restore()
    assert signal.getsignal(signal.SIGTERM) == before
    exits.restore()  # twice is harmless


def test_sigint_does_not_raise_keyboard_interrupt_in_the_event_loop(qtbot, qapp):
    exits = ExitSignals()
    try:
        os.kill(os.getpid(), signal.SIGINT)
        pause(qtbot, 200)  # a KeyboardInterrupt would escape from here
        assert exits.received == signal.SIGINT
    finally:
        exits.restore()


def test_tear_down_stops_the_window_and_deletes_it_before_exit(qtbot, station, noon, tmp_path):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings

    win = MainWindow(station, clock=lambda: noon, settings=StationSettings(tmp_path / "settings.json"),
                     source_factory=None, sync=False)
    win.show()
    pause(qtbot, 50)
    tear_down(win)
    assert not shiboken6.isValid(win)  # deleted now, not during interpreter finalisation
