"""The background sync worker (desktop.sync.worker) for the window: started when enrolled, stopped at close.

The worker is a plain thread; its status callback emits a Qt signal, which Qt queues into the
GUI thread. After `stop()` the callback emits nothing, so a late answer from a slow central can
never reach a status bar that is being deleted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from desktop.sync.enrollment import META_SERVER
from desktop.sync.worker import SyncStatus, SyncWorker, start_background_sync

log = logging.getLogger(__name__)


class SyncRunner:
    def __init__(self, station, emit: Callable[[SyncStatus], None], **worker_options):
        self.station = station
        self._emit = emit
        self._options = worker_options
        self._lock = threading.Lock()
        self._stopped = False
        self.worker: SyncWorker | None = None

    @property
    def enrolled(self) -> bool:
        return bool(self.station.meta.get(META_SERVER))

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def start(self) -> bool:
        """Starts the loop if this station has a central to sync with; False when it has none."""
        if self.running or not self.enrolled:
            return self.running
        with self._lock:
            self._stopped = False
        self.worker = start_background_sync(self.station, self._publish, **self._options)
        return True

    def wake(self) -> None:
        """A record was written: upload it now rather than at the next interval."""
        if self.worker is not None:
            self.worker.wake()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ends the loop; True when the thread has ended within `timeout` (it is a daemon either way)."""
        with self._lock:
            self._stopped = True
        worker, self.worker = self.worker, None
        if worker is None:
            return True
        worker.stop(timeout)
        if worker.is_alive():
            log.warning("sync worker still busy after %.1f s (a slow central); leaving it to end", timeout)
            return False
        return True

    def _publish(self, status: SyncStatus) -> None:  # on the sync thread
        with self._lock:
            if self._stopped:
                return
            self._emit(status)
