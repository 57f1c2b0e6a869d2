"""Purging personal details once the central holds them (guideline IV-4: keep no more than needed).

A record's details are purged when its outbox entry is `sent` (the central answered accepted or
duplicate) and that answer is older than `keep_days`. Purging sets `details` to NULL and stamps
`purged_at`, and removes the record's rows from the search index of the details (so nothing is
left to find the person by); the ledger row is untouched — its payload carries only the salted digest of the
details (`pii`) — so the signed chain still verifies. Records still `pending` or `rejected` keep
their details: the central does not have them yet.

The purge runs with SQLite `secure_delete` on and truncates the WAL afterwards, so the removed
blobs are overwritten in the database file rather than left in free pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, bindparam, delete, select, update

from desktop.store.tables import details_search, ledger, outbox, personal_details

DEFAULT_KEEP_DAYS = 30
_BATCH = 500


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    record_ids: tuple[str, ...]


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    # An answer time without an offset is taken as UTC (the sync worker should always write one).
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def purge_candidates(engine: Engine, *, keep_days: int, now: datetime) -> list[str]:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    cutoff = now - timedelta(days=keep_days)
    query = (
        select(personal_details.c.record_id, outbox.c.answered_at)
        .join(ledger, ledger.c.record_id == personal_details.c.record_id)
        .join(outbox, outbox.c.seq == ledger.c.seq)
        .where(outbox.c.state == "sent", personal_details.c.details.is_not(None))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for record_id, answered_at in rows:
        answered = _parse(answered_at)
        if answered is not None and answered <= cutoff:
            out.append(record_id)
    return out


def purge_acknowledged(engine: Engine, *, keep_days: int = DEFAULT_KEEP_DAYS, now: datetime | None = None) -> PurgeResult:
    now = now or datetime.now(UTC)
    ids = purge_candidates(engine, keep_days=keep_days, now=now)
    if not ids:
        return PurgeResult(0, ())
    stamp = now.isoformat()
    statement = (
        update(personal_details)
        .where(personal_details.c.record_id == bindparam("rid"), personal_details.c.details.is_not(None))
        .values(details=None, purged_at=stamp)
    )
    unindex = delete(details_search).where(
        details_search.c.seq == select(ledger.c.seq).where(ledger.c.record_id == bindparam("rid")).scalar_subquery())
    with engine.connect().execution_options(write=True) as conn:
        _pragma(conn, "PRAGMA secure_delete=ON")
        try:
            with conn.begin():
                for start in range(0, len(ids), _BATCH):
                    chunk = [{"rid": rid} for rid in ids[start : start + _BATCH]]
                    conn.execute(statement, chunk)
                    conn.execute(unindex, chunk)
        finally:
            _pragma(conn, "PRAGMA secure_delete=OFF")
        # Old page images live on in the WAL until a checkpoint; copy them back and cut the WAL.
        _pragma(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
    return PurgeResult(len(ids), tuple(ids))


def _pragma(conn, statement: str) -> None:
    # Straight to the driver, outside any transaction: SQLAlchemy would wrap it in BEGIN, and a
    # WAL checkpoint cannot run from inside a transaction.
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(statement)
        cursor.fetchall()
    finally:
        cursor.close()
