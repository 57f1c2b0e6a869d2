"""The outbox: pending ledger records, sent in sequence order, settled only by the central's answer.

A record leaves `pending` only when the central answered for it: accepted or duplicate → `sent`,
rejected → `rejected` with the reason. A batch cut off anywhere is simply sent again; the record
id makes that harmless. A `gap` answer is not final — the chain is resent from the missing one —
so such a record stays pending with the reason as its last error.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from desktop.store.tables import ledger, outbox, personal_details
from desktop.sync.errors import BadResponse
from furusato.activity import JST

MAX_BATCH = 500
STATUSES = ("accepted", "duplicate", "rejected")
RETRY_REASONS = frozenset({"gap"})  # answers that are not final: the record is sent again


@dataclass(frozen=True)
class Pending:
    seq: int
    record_id: str
    wire: dict[str, Any]  # {"payload", "sig", "details"} exactly as the protocol sends it


@dataclass
class Tally:
    uploaded: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    unsettled: int = 0  # answered but not final (gap), or not answered at all
    rejections: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.uploaded += other.uploaded
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.unsettled += other.unsettled
        self.rejections.extend(other.rejections)


def pending_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.state == "pending")).scalar_one()


def state_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
    return {state: n for state, n in rows}


def pending_batch(station, limit: int = MAX_BATCH, *, after_seq: int = 0) -> list[Pending]:
    """Up to `limit` (≤ 500) pending records in sequence order, with their personal details."""
    limit = max(1, min(limit, MAX_BATCH))
    query = (
        select(ledger.c.seq, ledger.c.record_id, ledger.c.payload, ledger.c.sig, personal_details.c.details)
        .join(outbox, outbox.c.seq == ledger.c.seq)
        .outerjoin(personal_details, personal_details.c.record_id == ledger.c.record_id)
        .where(outbox.c.state == "pending", ledger.c.seq > after_seq)
        .order_by(ledger.c.seq)
        .limit(limit)
    )
    with station.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        Pending(r.seq, r.record_id,
                {"payload": r.payload, "sig": r.sig, "details": station.ledger.unseal(r.details, r.record_id)})
        for r in rows
    ]


def parse_results(answer: Any) -> list[dict[str, Any]]:
    """The `results` of a /v1/records answer, checked for shape; BadResponse otherwise."""
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise BadResponse("records answer has no 'results' list")
    for item in results:
        if (not isinstance(item, dict) or not isinstance(item.get("id"), str)
                or item.get("status") not in STATUSES
                or not (item.get("reason") is None or isinstance(item.get("reason"), str))):
            raise BadResponse(f"records answer has a malformed result: {str(item)[:200]}")
    return results


def apply_answers(engine, batch: Sequence[Pending], results: list[dict[str, Any]],
                  now: datetime | None = None) -> Tally:
    """Settle the batch's records from the central's per-record answers, in one transaction."""
    answered_at = (now or datetime.now(JST)).isoformat()
    by_id = {p.record_id: p for p in batch}
    tally = Tally(uploaded=len(batch))
    seen: set[str] = set()
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        for item in results:
            pending = by_id.get(item["id"])
            if pending is None or item["id"] in seen:
                continue  # an answer for something we did not send (or twice) settles nothing
            if item.get("seq") is not None and item.get("seq") != pending.seq:
                raise BadResponse(f"answer for {item['id']} names seq {item.get('seq')}, sent {pending.seq}")
            seen.add(item["id"])
            status, reason = item["status"], item.get("reason")
            answer = json.dumps({k: item.get(k) for k in ("status", "reason", "flags")}, ensure_ascii=False)
            where = (outbox.c.seq == pending.seq) & (outbox.c.state == "pending")
            if status == "rejected" and reason in RETRY_REASONS:
                tally.unsettled += 1
                conn.execute(update(outbox).where(where).values(
                    attempts=outbox.c.attempts + 1, last_error=reason, answer=answer))
                continue
            if status == "rejected":
                tally.rejected += 1
                tally.rejections.append({"id": pending.record_id, "seq": pending.seq, "reason": reason})
                state = "rejected"
            else:
                state = "sent"
                if status == "accepted":
                    tally.accepted += 1
                else:
                    tally.duplicates += 1
            conn.execute(update(outbox).where(where).values(
                state=state, attempts=outbox.c.attempts + 1, answered_at=answered_at,
                answer=answer, last_error=reason if state == "rejected" else None))
        missing = [p.seq for p in batch if p.record_id not in seen]
        tally.unsettled += len(missing)
        if missing:
            conn.execute(update(outbox).where(outbox.c.seq.in_(missing), outbox.c.state == "pending").values(
                attempts=outbox.c.attempts + 1, last_error="not_answered"))
    return tally


def note_failure(engine, batch: Sequence[Pending], code: str) -> None:
    """Remember on each record of a batch that never got an answer why it is still pending."""
    if not batch:
        return
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(update(outbox).where(outbox.c.seq.in_([p.seq for p in batch]),
                                          outbox.c.state == "pending")
                     .values(attempts=outbox.c.attempts + 1, last_error=code))
