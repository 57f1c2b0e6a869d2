"""A keyboard-wedge scanner gun anywhere in the check-in page becomes a scan.

An application-wide event filter feeds every character and suffix key (Enter, Tab) into
desktop.scanner.wedge.KeyboardWedge while it is active. Keys are held back while they could still be
a scan; when the wedge decides they are a person's typing they are re-sent, in order, to the widget
that received them. A complete burst is emitted as `scanned`.

What a real gun sends is a keyboard's stream: Shift pressed and released around every capital,
CapsLock perhaps on, no suffix at all on some. Modifier presses carry no character and neither end
nor join a burst. Gaps are measured on the key events' own timestamps (the X server's clock), so a
burst that waited in the input queue while the machine was busy is not mistaken for slow typing;
silence is measured on the monotonic clock, and not judged right after the event loop stalled, when
the rest of the burst may still be queued.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.scanner.wedge import ENTER, TAB, KeyboardWedge, WedgeResult

_ENTER = (Qt.Key_Return, Qt.Key_Enter)
# What a gun sends around capitals (and a person's CapsLock): swallowed, so they neither end a burst
# nor count as the operator's activity; the keyboard state they change lives in the window system.
_SWALLOWED_MODIFIERS = (Qt.Key_Shift, Qt.Key_CapsLock)
# Pressed alone they carry no character: they do not end a burst either (Ctrl+key does).
_OTHER_MODIFIERS = (Qt.Key_Control, Qt.Key_Alt, Qt.Key_AltGr, Qt.Key_Meta, Qt.Key_Super_L, Qt.Key_Super_R,
                    Qt.Key_Hyper_L, Qt.Key_Hyper_R, Qt.Key_NumLock, Qt.Key_ScrollLock, Qt.Key_Mode_switch)
POLL_MS = 50
log = logging.getLogger(__name__)


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(self, parent=None, *, wedge: KeyboardWedge | None = None,
                 clock_ms: Callable[[], float] | None = None):
        super().__init__(parent)
        self._wedge = wedge or KeyboardWedge()
        self._clock_ms = clock_ms or (lambda: time.monotonic() * 1000)
        self._pending: list[tuple[QKeyEvent, QWidget]] = []
        self._replaying = False
        self._active = False
        self._last_arrival_ms = 0.0
        self._last_tick_ms: float | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)

    def set_active(self, active: bool) -> None:
        if active == self._active:
            return
        self._active = active
        app = QApplication.instance()
        if active:
            app.installEventFilter(self)
            self._last_tick_ms = None
            self._poll.start()
        else:
            app.removeEventFilter(self)
            self._poll.stop()
            self._flush(self._wedge.interrupt())

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
        if key in _SWALLOWED_MODIFIERS:
            return True
        if key in _OTHER_MODIFIERS:
            return False
        if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            self._flush(self._wedge.interrupt())
            return False
        if key in _ENTER:
            text = ENTER
        elif key == Qt.Key_Tab:
            text = TAB
        else:
            text = event.text()
            if not text or not text.isprintable():
                self._flush(self._wedge.interrupt())
                return False
        copy = QKeyEvent(event.type(), key, event.modifiers(), event.text(), event.isAutoRepeat(),
                         event.count())
        self._pending.append((copy, watched))
        self._last_arrival_ms = self._clock_ms()
        # The keyboard's own time when it has one (X11, Windows, macOS); events made in code have none.
        stamp = event.timestamp()
        self._take(self._wedge.feed(float(stamp) if stamp else self._last_arrival_ms, text))
        return True

    def _on_poll(self) -> None:
        now = self._clock_ms()
        stalled = self._last_tick_ms is not None and now - self._last_tick_ms > 3 * POLL_MS
        self._last_tick_ms = now
        # After a stall, input that arrived meanwhile may still be queued behind this tick: wait a tick.
        if stalled or not self._wedge.holding:
            return
        if now - self._last_arrival_ms > self._wedge.max_gap_ms:
            self._take(self._wedge.silence())

    def _take(self, result: WedgeResult) -> None:
        if len(result.passthrough) >= self._wedge.min_length:
            # Lengths only, never the keys: a gun's burst taken for typing is what this line is for.
            log.info("%d keys held as a possible scan were handed back as typing", len(result.passthrough))
        self._flush(result.passthrough)
        if result.scanned is not None:
            self._pending.clear()  # what is left held is the scan (and its suffix)
            log.info("scanner gun: %d characters, suffix %s", len(result.scanned), result.suffix or "none")
            self.scanned.emit(result.scanned)

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
