"""The background sync loop: a plain thread that syncs whenever the central is reachable.

It publishes a `SyncStatus` snapshot through a callback after every attempt (on the worker's
thread — the Qt layer re-emits it as a signal). `wake()` asks for a sync now (after a check-in);
`stop()` ends the loop.

When the central cannot take the next record (it refused it for good, or lacks earlier ones —
`outbox.blockage`), retrying cannot help: the state becomes `blocked`, naming the record and the
central's reason, and records are not uploaded again before `blocked_interval` has passed (or the
next start). The catalogue, keys and revocations are still pulled; nothing leaves the outbox.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from desktop.sync import outbox
from desktop.sync.backoff import Backoff
from desktop.sync.enrollment import client_for
from desktop.sync.errors import NotEnrolled, SyncError
from desktop.sync.sync_round import sync_once
from furusato.activity import JST

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    state: str                      # "online" | "offline" | "blocked" | "not_enrolled" | "starting"
    pending: int                    # outbox records still waiting for an answer
    rejected: int                   # records the central refused (operator should look)
    last_success: str | None        # ISO time of the last complete sync
    last_error: str | None          # machine code of the last failure, None after a success
    clock_skew_seconds: float | None
    clock_off: bool                 # this clock is more than 5 minutes off the central's
    syncing: bool = False
    blocked_seq: int | None = None      # the record the central will not take (state "blocked")...
    blocked_reason: str | None = None   # ...and the central's code for it (outbox.REJECTION_REASONS)

    def to_json(self) -> dict:
        return asdict(self)


class SyncWorker(threading.Thread):
    def __init__(
        self,
        station,
        on_status: Callable[[SyncStatus], None] | None = None,
        *,
        interval: float = 60.0,
        offline_interval: float = 15.0,
        backoff: Backoff | None = None,
        client_factory: Callable[[object], object] | None = None,
        batch_size: int = outbox.MAX_BATCH,
        blocked_interval: float = 3600.0,
    ) -> None:
        super().__init__(name="furusato-sync", daemon=True)
        self._station = station
        self._on_status = on_status or (lambda status: None)
        self._interval = interval
        self._offline_interval = offline_interval
        self._backoff = backoff or Backoff(attempts=3, base=1.0, cap=10.0)
        self._client_factory = client_factory or client_for
        self._batch_size = batch_size
        self._blocked_interval = blocked_interval
        self._uploads_paused_until: float | None = None  # time.monotonic() deadline, set while blocked
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._status = SyncStatus("starting", 0, 0, None, None, None, False)

    @property
    def status(self) -> SyncStatus:
        return self._status

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self.is_alive():
            self.join(timeout)

    @property
    def uploads_paused(self) -> bool:
        """True while blocked and `blocked_interval` has not passed since the last upload."""
        until = self._uploads_paused_until
        return until is not None and time.monotonic() < until

    def run(self) -> None:
        while not self._stopping.is_set():
            online = self.sync_now()
            deadline = time.monotonic() + (self._interval if online else self._offline_interval)
            while not self._stopping.is_set():
                woken = self._wake.wait(max(0.0, deadline - time.monotonic()))
                self._wake.clear()
                if not (woken and self.uploads_paused) or self._stopping.is_set():
                    break
                self._publish()  # a record written while blocked: count it, send nothing before the interval

    def sync_now(self) -> bool:
        """One attempt (also callable directly in tests); True when the central answered."""
        engine = self._station.engine
        try:
            client = self._client_factory(self._station)
        except NotEnrolled:
            self._publish(state="not_enrolled", last_error="not_enrolled")
            return False
        except SyncError as exc:
            self._publish(state="offline", last_error=exc.code)
            return False
        if self.uploads_paused and self._unblocked():
            self._uploads_paused_until = None  # someone acted meanwhile (a resend, `furusato-field sync`)
        self._publish(syncing=True)
        upload = not self.uploads_paused
        try:
            report = sync_once(self._station, client, self._backoff, batch_size=self._batch_size,
                               upload_records=upload)
        except Exception:  # never let the thread die: the operator would silently lose sync
            log.exception("sync failed unexpectedly")
            self._publish(state="offline", last_error="internal_error", syncing=False)
            return False
        finally:
            close = getattr(client, "close", None)
            if close:
                close()
        skew = report.clock
        blocked = report.blocked
        changes = {"syncing": False, "pending": report.pending,
                   "rejected": outbox.state_counts(engine).get("rejected", 0),
                   "blocked_seq": blocked.seq if blocked else None,
                   "blocked_reason": blocked.reason if blocked else None}
        if skew is not None:
            changes.update(clock_skew_seconds=skew.skew_seconds, clock_off=skew.off)
        if blocked is None:
            self._uploads_paused_until = None
        elif upload:  # the outbox itself says so: whatever failed besides, another upload cannot help
            self._uploads_paused_until = time.monotonic() + self._blocked_interval
            log.warning("the central will not take record %d (%s); %d records wait on this station; "
                        "uploads paused for %.0f s", blocked.seq, blocked.reason, blocked.waiting,
                        self._blocked_interval)
        if report.error is None and blocked is not None:  # reachable, but the records are not getting through
            self._publish(state="blocked", last_error=None, **changes)
            return True
        if report.error is None:
            self._publish(state="online", last_success=datetime.now(JST).isoformat(), last_error=None, **changes)
            return True
        # A refusal or garbage still means the network works; only transport failures are offline.
        state = "offline" if report.error.retryable or report.error.code == "tls_error" else "online"
        if state == "online" and blocked:
            state = "blocked"
        self._publish(state=state, last_error=report.error.code, **changes)
        return state != "offline"

    def _unblocked(self) -> bool:
        try:
            return outbox.blockage(self._station.engine) is None
        except Exception:  # a locked database: stay paused, ask again next round
            log.exception("could not read the outbox")
            return False

    def _publish(self, **changes) -> None:
        current = asdict(self._status)
        current.update(changes)
        if "pending" not in changes:
            try:
                current["pending"] = outbox.pending_count(self._station.engine)
            except Exception:  # a locked database must not stop the status from being shown
                log.exception("could not count pending records")
        self._status = SyncStatus(**current)
        try:
            self._on_status(self._status)
        except Exception:
            log.exception("sync status callback failed")


def start_background_sync(station, on_status: Callable[[SyncStatus], None] | None = None, **kwargs) -> SyncWorker:
    """Start the loop at once; the window calls this at start-up and `stop()` at exit."""
    worker = SyncWorker(station, on_status, **kwargs)
    worker.start()
    return worker
