"""One sync: upload the outbox batch by batch, then pull activities, keys and revocations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.privacy import retention
from desktop.privacy.audit_log import AuditLog
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

    def to_json(self) -> dict[str, int]:
        """Exactly the shape of CONTRACTS §3 `sync`."""
        t = self.tally
        return {"uploaded": t.uploaded, "accepted": t.accepted, "duplicates": t.duplicates,
                "rejected": t.rejected, "pending": self.pending}


def upload(station, client: CentralClient, backoff: Backoff, *, batch_size: int = outbox.MAX_BATCH,
           report: SyncReport | None = None) -> SyncReport:
    """Send pending records in sequence order until none is left or a batch settles nothing.

    Raises the last SyncError when a batch could not be delivered; whatever earlier batches
    settled stays settled (each is its own transaction) and is in `report`.
    """
    report = report or SyncReport()
    while True:
        batch = outbox.pending_batch(station, batch_size)
        if not batch:
            break
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
        if tally.unsettled == len(batch):
            break  # nothing settled (e.g. the central reports a gap): do not spin; retry next sync
    return report


def purge_expired_details(station) -> int:
    """Personal details the central has held for the retention period leave the station (IV-4)."""
    keep_days = int(station.meta.get("retention_days") or retention.DEFAULT_KEEP_DAYS)
    purged = retention.purge_acknowledged(station.engine, keep_days=keep_days).purged
    if purged:
        AuditLog.for_data_dir(station.root).append("details_purged", count=purged)
    return purged


def sync_once(station, client: CentralClient, backoff: Backoff | None = None, *,
              batch_size: int = outbox.MAX_BATCH, pull: bool = True) -> SyncReport:
    """Upload then pull. Never raises SyncError: it ends up in `report.error`, records stay pending."""
    backoff = backoff or Backoff()
    report = SyncReport()
    try:
        upload(station, client, backoff, batch_size=batch_size, report=report)
        purge_expired_details(station)
        if pull:
            report.pulled = pulls.pull_all(station, client, backoff.run)
            report.clock = clock.check(report.pulled.get("server_time")) or report.clock
        station.meta.set("last_sync_at", datetime.now(JST).isoformat())
    except SyncError as exc:
        report.error = exc
    report.pending = outbox.pending_count(station.engine)
    return report
