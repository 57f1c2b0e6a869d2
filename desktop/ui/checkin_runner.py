"""CheckinService calls on one worker thread; results come back to the GUI thread as a signal.

One thread only, as the ledger has one writer: calls run in the order they were asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.checkin import CheckinResult, CheckinService
from desktop.station import Station

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]):
        super().__init__()
        self._fn, self._done, self._failed = fn, done, failed

    def run(self) -> None:
        try:
            value = self._fn()
        except Exception as exc:  # reported to the page; the worker lives on
            log.exception("station job failed")
            self._failed(repr(exc))
            return
        self._done(value)


class StationWorker(QObject):
    """`finished(tag, CheckinResult)` for check-ins, `done(tag, value)` for any other job."""

    finished = Signal(str, object)
    done = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, station: Station, parent=None):
        super().__init__(parent)
        self.station = station
        self.service = CheckinService(station)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._closed = False

    def check_in_token(self, activity_id: str, token: str, at=None, tag: str = "scan", *, typed: bool = False) -> None:
        self._submit(lambda: self.service.check_in_token(activity_id, token, at, typed=typed), tag, self.finished)

    def check_in_manual(self, activity_id: str, data: dict, at=None, tag: str = "manual") -> None:
        self._submit(lambda: self.service.check_in_manual(activity_id, data, at), tag, self.finished)

    def run(self, fn: Callable[[], Any], tag: str) -> None:
        self._submit(fn, tag, self.done)

    def _submit(self, fn, tag: str, signal) -> None:
        if self._closed:
            log.warning("station worker closed; %s job not started", tag)
            return
        self._pool.start(_Job(fn, lambda value: signal.emit(tag, value), lambda err: self.failed.emit(tag, err)))

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 5000) -> bool:
        """No new jobs; those already asked for (records!) finish. True when the pool is idle in time."""
        self._closed = True
        return self._pool.waitForDone(msecs)


__all__ = ["StationWorker", "CheckinResult"]
