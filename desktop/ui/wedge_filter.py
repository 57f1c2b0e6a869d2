"""A keyboard-wedge scanner gun anywhere in the check-in page becomes a scan.

An application-wide event filter feeds every printable key press (with a monotonic timestamp)
into desktop.scanner.wedge.KeyboardWedge while it is active. Keys are held back while they could
still be a scan; when the wedge decides they are a person's typing they are re-sent, in order, to
the widget that received them. A complete burst is emitted as `scanned`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.scanner.wedge import KeyboardWedge

_ENTER = (Qt.Key_Return, Qt.Key_Enter)


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(self, parent=None, *, wedge: KeyboardWedge | None = None,
                 clock_ms: Callable[[], float] | None = None):
        super().__init__(parent)
        self._wedge = wedge or KeyboardWedge()
        self._clock_ms = clock_ms or (lambda: time.monotonic() * 1000)
        self._held: dict[str, list[QKeyEvent]] = {}
        self._pending: list[tuple[QKeyEvent, QWidget]] = []
        self._replaying = False
        self._active = False
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._on_poll)

    def set_active(self, active: bool) -> None:
        if active == self._active:
            return
        self._active = active
        app = QApplication.instance()
        if active:
            app.installEventFilter(self)
            self._poll.start()
        else:
            app.removeEventFilter(self)
            self._poll.stop()
            self._flush(self._wedge.poll(float("inf")))

    @property
    def active(self) -> bool:
        return self._active

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if self._replaying or event.type() != QEvent.KeyPress:
            return False
        # A real key press reaches the QWindow first, then the widget; take it once, at the widget.
        if not isinstance(watched, QWidget):
            return False
        key = event.key()
        if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            self._flush(self._wedge.poll(float("inf")))
            return False
        if key in _ENTER:
            text = "\r"
        else:
            text = event.text()
            if not text or not text.isprintable():
                self._flush(self._wedge.poll(float("inf")))
                return False
        copy = QKeyEvent(event.type(), key, event.modifiers(), event.text(), event.isAutoRepeat(), event.count())
        self._pending.append((copy, watched))
        result = self._wedge.feed(self._clock_ms(), text)
        self._flush(result.passthrough)
        if result.scanned is not None:
            self._pending.clear()
            self.scanned.emit(result.scanned)
        return True

    def _on_poll(self) -> None:
        self._flush(self._wedge.poll(self._clock_ms()))

    def _flush(self, keys: list[str]) -> None:
        """Re-send the held events the wedge handed back, oldest first."""
        if not keys:
            return
        released, self._pending = self._pending[: len(keys)], self._pending[len(keys):]
        self._replaying = True
        try:
            for event, receiver in released:
                # The widget the person typed into; if it is gone, whatever has focus now.
                target = receiver if shiboken6.isValid(receiver) else QApplication.focusWidget()
                if target is None:
                    continue
                QApplication.sendEvent(target, event)
                release = QKeyEvent(QEvent.KeyRelease, event.key(), event.modifiers(), event.text())
                QApplication.sendEvent(target, release)
        finally:
            self._replaying = False
