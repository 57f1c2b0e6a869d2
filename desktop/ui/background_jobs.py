"""Reads that take a while — an export of a large ledger, the rows of a participant list — on a thread
of their own, so the window keeps painting and the check-in writer (StationWorker) never waits.

SQLite in WAL mode lets these reads run beside the single writer. A job gets a `progress(n)`
callable; `progress(tag, n)`, `done(tag, value)` and `failed(tag, error)` arrive on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Job = Callable[[Callable[[int], None]], Any]


class _Run(QRunnable):
    def __init__(self, owner: BackgroundJobs, tag: str, job: Job):
        super().__init__()
        self._owner, self._tag, self._job = owner, tag, job

    def run(self) -> None:
        owner, tag = self._owner, self._tag
        try:
            value = self._job(lambda n: owner.progress.emit(tag, n))
        except Exception as exc:  # reported to the page; the thread lives on
            log.exception("background job %s failed", tag)
            owner.failed.emit(tag, f"{type(exc).__name__}: {exc}")
            return
        owner.done.emit(tag, value)


class BackgroundJobs(QObject):
    progress = Signal(str, int)
    done = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._closed = False

    def run(self, tag: str, job: Job) -> bool:
        if self._closed:
            log.warning("background jobs closed; %s not started", tag)
            return False
        self._pool.start(_Run(self, tag, job))
        return True

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 5000) -> bool:
        """No new jobs; a file being written is finished (it appears whole or not at all)."""
        self._closed = True
        return self._pool.waitForDone(msecs)
