"""How the window's process ends: closing the window, SIGTERM and SIGINT take one path.

Python runs a signal handler only between bytecodes, and the event loop is C++: left alone, SIGINT
would wait for the next Python slot and SIGTERM would kill the process with nothing stopped. A
socket pair given to `signal.set_wakeup_fd` wakes the loop; the handler then closes every window the
way the close button does (the main window's closeEvent stops camera, sync and workers).

`tear_down` then deletes the window while Qt and Python both still run. Left to interpreter exit,
PySide destroys Qt objects after Python's teardown has begun, the shutdown-order class of crash
("Fatal Python error: bool_dealloc"). A `deleteLater` after the loop has ended is never delivered
by `processEvents`, so the deferred deletes are sent explicitly.
"""

from __future__ import annotations

import gc
import logging
import signal
import socket

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QDialog

log = logging.getLogger(__name__)

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class ExitSignals(QObject):
    """While alive, SIGTERM and SIGINT close the windows and quit the event loop; `received` tells which."""

    def __init__(self, parent: QObject | None = None, signals=EXIT_SIGNALS):
        super().__init__(parent)
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous = {signum: signal.signal(signum, self._on_signal) for signum in signals}

    def _on_signal(self, signum, _frame) -> None:
        # Runs on the GUI thread, between two bytecodes of whatever Python code runs there: only
        # note it, and let the event loop do the closing.
        first = self.received is None
        self.received = signum
        if first:
            log.info("signal %s: closing the window", signal.Signals(signum).name)
            QTimer.singleShot(0, close_everything)

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def restore(self) -> None:
        """Give the signals back their previous handlers (idempotent)."""
        if self._reader is None:
            return
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
        self._reader = self._writer = None


def close_everything() -> None:
    """What the close button does, for every window: dialogs first (their loops end, answered
    'cancel'), then the main windows (their closeEvent stops the work), then the loop."""
    widgets = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in sorted(widgets, key=lambda w: not isinstance(w, QDialog)):
        widget.close()
    QCoreApplication.quit()


def tear_down(window) -> None:
    """After the event loop: stop the window's work (again — harmless), then delete it and every Qt
    object waiting for deletion, and collect Python's cycles, all before the interpreter exits."""
    try:
        window.shutdown()
    finally:
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        gc.collect()
        log.info("window closed: camera, sync and workers stopped, window deleted")
