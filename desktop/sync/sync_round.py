"""One sync: upload the outbox batch by batch, then pull activities, keys and revocations."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.privacy import retention
from desktop.privacy.audit_log import AuditLog
from desktop.record_settings import RecordSettings
from desktop.sync import clock, outbox, pulls
from desktop.sync.backoff import Backoff
from desktop.sync.client import CentralClient
from desktop.sync.errors import SyncError
from furusato.activity import JST


@dataclass
class SyncReport:
    tally: outbox.Tally = field(default_factory=outbox.Tally)
    pending: int = 0
    clock: clock.ClockCheck | None = None
    pulled: dict[str, Any] | None = None
    error: SyncError | None = None
    blocked: outbox.Blockage | None = None  # the central cannot take the next record (see outbox.blockage)

    def to_json(self) -> dict[str, int]:
        """Exactly the shape of CONTRACTS §3 `sync`."""
        t = self.tally
        return {"uploaded": t.uploaded, "accepted": t.accepted, "duplicates": t.duplicates,
                "rejected": t.rejected, "pending": self.pending}


def upload(station, client: CentralClient, backoff: Backoff, *, batch_size: int = outbox.MAX_BATCH,
           report: SyncReport | None = None) -> SyncReport:
    """Send pending records in sequence order until none is left or the chain stops moving.

    Stops after a batch that settled nothing (the central reports a gap) or that holds a final
    rejection (every later record could only be answered `gap`). A station already blocked
    (`outbox.blockage`) sends one record to ask whether that is still so, not a full batch.
    Raises the last SyncError when a batch could not be delivered; whatever earlier batches
    settled stays settled (each is its own transaction) and is in `report`.
    """
    report = report or SyncReport()
    size = 1 if outbox.blockage(station.engine) is not None else batch_size
    with _ReadAhead(station, batch_size) as read_ahead:
        batch = outbox.pending_batch(station, size)
        while batch:
            # A full batch may have a successor: read it while this one is on the wire.
            ahead = read_ahead.start(batch[-1].seq) if len(batch) == size == batch_size else None
            body = {"device_id": station.signer.device_id, "records": [p.wire for p in batch]}
            try:
                answer = backoff.run(lambda body=body: client.post("/v1/records", body))
                results = outbox.parse_results(answer)
            except SyncError as exc:
                outbox.note_failure(station.engine, batch, exc.code)
                raise
            report.clock = clock.check(answer.get("server_time")) or report.clock
            tally = outbox.apply_answers(station.engine, batch, results)
            report.tally.add(tally)
            if tally.unsettled == len(batch) or tally.rejected:
                break  # the chain does not move past this batch: do not spin; the caller decides when to retry
            size = batch_size
            # What was read ahead is what a fresh read finds, unless part of this batch is still pending.
            if ahead is not None and not tally.unsettled:
                batch = ahead.result()
            else:
                batch = outbox.pending_batch(station, size)
    return report


class _ReadAhead:
    """Reads the next batch on one helper thread (started on first use, joined on exit) while the
    current one is on the wire, so reading SQLite and unsealing the details overlaps the central's
    work instead of adding to it (about a tenth of a round on the bench). A batch read ahead is
    only sent once the batch before it has settled."""

    def __init__(self, station, batch_size: int) -> None:
        self._station, self._size = station, batch_size
        self._pool: ThreadPoolExecutor | None = None

    def start(self, after_seq: int) -> Future:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="furusato-outbox-read")
        return self._pool.submit(outbox.pending_batch, self._station, self._size, after_seq=after_seq)

    def __enter__(self) -> _ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def purge_expired_details(station) -> int:
    """Personal details the central has held for the retention period leave the station (IV-4)."""
    keep_days = RecordSettings(station.meta).retention_days
    purged = retention.purge_acknowledged(station.engine, keep_days=keep_days).purged
    if purged:
        AuditLog.for_data_dir(station.root).append("details_purged", count=purged)
    return purged


def sync_once(station, client: CentralClient, backoff: Backoff | None = None, *,
              batch_size: int = outbox.MAX_BATCH, pull: bool = True, upload_records: bool = True) -> SyncReport:
    """Upload then pull. Never raises SyncError: it ends up in `report.error`, records stay pending.

    `upload_records=False` only pulls (the worker's choice while the central cannot take the next
    record); `report.blocked` is filled either way.
    """
    backoff = backoff or Backoff()
    report = SyncReport()
    try:
        if upload_records:
            upload(station, client, backoff, batch_size=batch_size, report=report)
        purge_expired_details(station)
        if pull:
            report.pulled = pulls.pull_all(station, client, backoff.run)
            report.clock = clock.check(report.pulled.get("server_time")) or report.clock
        station.meta.set("last_sync_at", datetime.now(JST).isoformat())
    except SyncError as exc:
        report.error = exc
    clock.remember(station.meta, report.clock)
    report.pending = outbox.pending_count(station.engine)
    report.blocked = outbox.blockage(station.engine)
    return report
