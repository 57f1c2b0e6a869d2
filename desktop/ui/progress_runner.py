"""The participant's progress after a check-in, counted and fetched off the GUI thread.

`request(person, day)` returns a ticket; `ready(ticket, Progress)` comes back (queued into the GUI
thread) first with this station's figure, then — for a card holder at an enrolled station — with
the central's. Two pools of one thread each: the count reads SQLite (WAL: beside the writer,
never waiting for it), the central call waits on the network, and a slow central must not hold
back the next person's count. Only the latest ticket is worked on: a job whose person is no
longer on screen ends without reading or asking anything. After `shutdown()` nothing is emitted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.progress import Progress, is_card, station_progress
from desktop.sync.errors import SyncError
from desktop.sync.progress_client import CentralProgress

log = logging.getLogger(__name__)


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], None]):
        super().__init__()
        self._fn = fn

    def run(self) -> None:
        try:
            self._fn()
        except Exception:  # a progress figure is a courtesy: never let it take a thread down
            log.exception("progress job failed")


def _single_thread_pool(parent: QObject) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    return pool


class ProgressRunner(QObject):
    ready = Signal(int, object)  # ticket, Progress

    def __init__(self, station, parent=None, *, central: CentralProgress | None = None):
        super().__init__(parent)
        self.station = station
        self.central = central or CentralProgress(station)
        self._count_pool = _single_thread_pool(self)
        self._network_pool = _single_thread_pool(self)
        self._lock = threading.Lock()
        self._latest = 0
        self._closed = False

    def request(self, person: str, as_of: date) -> int:
        """Count (and for a card holder ask the central about) `person` as of `as_of`."""
        with self._lock:
            self._latest += 1
            ticket = self._latest
            if self._closed:
                return ticket
        self._count_pool.start(_Call(lambda: self._count(ticket, person, as_of)))
        return ticket

    def cancel(self) -> None:
        """The panel shows nobody (or somebody not counted): pending work is for nobody."""
        with self._lock:
            self._latest += 1

    def wanted(self, ticket: int) -> bool:
        with self._lock:
            return not self._closed and ticket == self._latest

    def wait(self, msecs: int = 5000) -> bool:
        return self._count_pool.waitForDone(msecs) and self._network_pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 5000) -> bool:
        """Nothing new starts, running jobs see they are unwanted; True when both pools are idle in time."""
        with self._lock:
            self._closed = True
        done = self.wait(msecs)
        if done:
            self.central.close()
        return done

    # --- on the pools' threads ---
    def _count(self, ticket: int, person: str, as_of: date) -> None:
        if not self.wanted(ticket):
            return
        progress = station_progress(self.station, person, as_of)
        if progress is not None:
            self._publish(ticket, progress)
        if is_card(person):
            with self._lock:
                if self._closed:
                    return
                self._network_pool.start(_Call(lambda: self._ask(ticket, person, as_of)))

    def _ask(self, ticket: int, person: str, as_of: date) -> None:
        if not self.wanted(ticket) or self.central.target() is None:
            return
        if not self.central.wait_synced(person, lambda: self.wanted(ticket)):
            log.info("central progress not asked: this person's records have not reached the central yet")
            return
        if not self.wanted(ticket):
            return
        try:
            progress = self.central.fetch(person, as_of)
        except (SyncError, ValueError) as exc:
            # Offline, unknown or incomplete person, garbage: the station's figure stays on screen.
            log.info("central progress not available: %s", getattr(exc, "code", type(exc).__name__))
            return
        self._publish(ticket, progress)

    def _publish(self, ticket: int, progress: Progress) -> None:
        with self._lock:
            if self._closed or ticket != self._latest:
                return
            self.ready.emit(ticket, progress)
