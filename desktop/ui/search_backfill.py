"""Indexing, in the background, the records a station held before its details had a search index.

Once after the upgrade (migration 0005_perf_paging): a batch at a time on the station's worker,
so a scan waits for one small batch at most and every batch is its own transaction; a station
closed half-way carries on from where it stopped at the next start. New records never need it:
their check-in indexes them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal

from desktop.store import search_index
from desktop.ui.checkin_runner import StationWorker

log = logging.getLogger(__name__)

BATCH = 200  # ~10–30 ms of work: the longest a scan queued behind it waits
TAG = "search_backfill"


class SearchBackfill(QObject):
    progressed = Signal(int)  # records below this seq still to index; 0: done

    def __init__(self, worker: StationWorker, parent=None):
        super().__init__(parent)
        self._worker = worker
        self.remaining_below: int | None = None
        worker.done.connect(self._on_done, Qt.QueuedConnection)
        worker.failed.connect(self._on_failed, Qt.QueuedConnection)

    @property
    def running(self) -> bool:
        return bool(self.remaining_below)

    def start(self) -> None:
        station = self._worker.station
        if station.ledger.search is None:
            return
        self._worker.run(lambda: search_index.backfill_pending(station.engine) and self._step(), TAG)

    def _step(self) -> int:
        station = self._worker.station
        return search_index.backfill_step(station.engine, station.ledger.search, station.ledger.unseal, BATCH)

    def _on_done(self, tag: str, value) -> None:
        if tag != TAG:
            return
        self.remaining_below = int(value or 0)
        self.progressed.emit(self.remaining_below)
        if self.remaining_below:
            self._worker.run(self._step, TAG)
        else:
            log.info("search index complete")

    def _on_failed(self, tag: str, _error: str) -> None:
        if tag == TAG:
            self.remaining_below = None  # logged by the worker; tried again at the next start
