"""The outbox: pending ledger records, sent in sequence order, settled only by the central's answer.

A record leaves `pending` only when the central answered for it: accepted or duplicate → `sent`,
rejected → `rejected` with the reason. A batch cut off anywhere is simply sent again; the record
id makes that harmless. A `gap` answer is not final — the chain is resent from the missing one —
so such a record stays pending with the reason as its last error.

The central's copy of the chain only grows in order, so a record it refused for good blocks every
later one (they are answered `gap` for ever): `blockage` tells the sync loop and the window so.
A refused record is never resent by itself; `requeue_rejected` is the operator's decision to.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update

from desktop.store.tables import ledger, outbox, personal_details
from desktop.sync.errors import BadResponse
from furusato.activity import JST

MAX_BATCH = 500
STATUSES = ("accepted", "duplicate", "rejected")
RETRY_REASONS = frozenset({"gap"})  # answers that are not final: the record is sent again
REJECTION_REASONS = ("unknown_device", "device_revoked", "malformed", "bad_signature", "device_mismatch",
                     "conflict", "gap", "fork")  # the central's codes (central/ingest.py), for the texts


@dataclass(frozen=True)
class Pending:
    seq: int
    record_id: str
    wire: dict[str, Any]  # {"payload", "sig", "details"} exactly as the protocol sends it
    hash: str = ""        # SHA-256 of the payload: the central's signed answer must name it


@dataclass
class Tally:
    uploaded: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    unsettled: int = 0  # answered but not final (gap), or not answered at all
    rejections: list[dict[str, Any]] = field(default_factory=list)
    settled: int = 0    # records this answer moved to `sent` or `rejected` (not those already there)

    def add(self, other: Tally) -> None:
        self.uploaded += other.uploaded
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.unsettled += other.unsettled
        self.rejections.extend(other.rejections)
        self.settled += other.settled


@dataclass(frozen=True)
class Blockage:
    """The first record the central does not hold cannot go in, so nothing after it can either."""

    seq: int
    record_id: str
    reason: str     # the central's code for that record: a final rejection, or `gap` (it lacks earlier ones)
    waiting: int    # records still pending behind it (they stay on the station, in every bundle)


_FIRST = (select(outbox.c.seq, outbox.c.state, outbox.c.last_error, ledger.c.record_id)
          .join(ledger, ledger.c.seq == outbox.c.seq)
          .where(outbox.c.state == bindparam("state")).order_by(outbox.c.seq).limit(1))
_SENT_AFTER = select(outbox.c.seq).where(outbox.c.state == "sent", outbox.c.seq > bindparam("seq")).limit(1)


def blockage(engine) -> Blockage | None:
    """Whether the central's copy of this station's chain is stuck, from the outbox alone.

    The chain is stuck when the first record not yet `sent` was refused for good (state `rejected`,
    e.g. bad_signature or device_revoked) or is pending with the central's last answer `gap` (it
    lacks records this station believes it delivered) — and the central took nothing after it.
    Each lookup walks the (state, seq) index: cheap enough to ask after every round.
    """
    with engine.connect() as conn:
        rejected = conn.execute(_FIRST, {"state": "rejected"}).first()
        pending = conn.execute(_FIRST, {"state": "pending"}).first()
        head = min((r for r in (rejected, pending) if r is not None), key=lambda r: r.seq, default=None)
        if head is None or (head.state == "pending" and head.last_error not in RETRY_REASONS):
            return None
        if conn.execute(_SENT_AFTER, {"seq": head.seq}).first() is not None:
            return None  # the central's chain went past it after all
        waiting = conn.execute(select(func.count()).select_from(outbox).where(
            outbox.c.state == "pending", outbox.c.seq > head.seq)).scalar_one()
    return Blockage(head.seq, head.record_id, head.last_error or head.state, waiting)


def pending_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.state == "pending")).scalar_one()


def state_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
    return {state: n for state, n in rows}


def pending_batch(station, limit: int = MAX_BATCH, *, after_seq: int = 0,
                  states: Sequence[str] = ("pending",)) -> list[Pending]:
    """Up to `limit` (≤ 500) records in `states` in sequence order, with their personal details.

    A sync sends `pending` ones; a bundle carries every record the central does not hold (`UNSENT`).
    """
    limit = max(1, min(limit, MAX_BATCH))
    with station.engine.connect() as conn:
        rows = conn.execute(_PENDING, {"states": list(states), "after_seq": after_seq, "limit": limit}).all()
    unseal = station.ledger.unseal
    return [Pending(seq, record_id, {"payload": payload, "sig": sig, "details": unseal(details, record_id)}, digest)
            for seq, record_id, payload, sig, digest, details in rows]


UNSENT = ("pending", "rejected")
_PENDING = (
    select(ledger.c.seq, ledger.c.record_id, ledger.c.payload, ledger.c.sig, ledger.c.hash,
           personal_details.c.details)
    .join(outbox, outbox.c.seq == ledger.c.seq)
    .outerjoin(personal_details, personal_details.c.record_id == ledger.c.record_id)
    .where(outbox.c.state.in_(bindparam("states", expanding=True)), ledger.c.seq > bindparam("after_seq"))
    .order_by(ledger.c.seq)
    .limit(bindparam("limit"))
)


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
                  now: datetime | None = None, *, states: Sequence[str] = ("pending",)) -> Tally:
    """Settle the batch's records from the central's per-record answers, in one transaction.

    Answers are grouped by what they write (state, reason and the stored answer text — identical
    for most of a batch), and each group is settled with one UPDATE over the sequence numbers in it.
    A final answer settles records in `states` (a receipt also settles refused ones the central has
    taken since, `UNSENT`); a `gap` answer or none only ever notes a pending record.
    """
    answered_at = (now or datetime.now(JST)).isoformat()
    by_id = {p.record_id: p for p in batch}
    tally = Tally(uploaded=len(batch))
    seen: set[str] = set()
    groups: dict[tuple[str, str | None, str], list[int]] = {}  # (state, reason, answer text) → seqs
    for item in results:
        pending = by_id.get(item["id"])
        if pending is None or item["id"] in seen:
            continue  # an answer for something we did not send (or twice) settles nothing
        if item.get("seq") is not None and item.get("seq") != pending.seq:
            raise BadResponse(f"answer for {item['id']} names seq {item.get('seq')}, sent {pending.seq}")
        seen.add(item["id"])
        status, reason = item["status"], item.get("reason")
        if status == "rejected" and reason in RETRY_REASONS:
            tally.unsettled += 1
            state = "pending"
        elif status == "rejected":
            tally.rejected += 1
            tally.rejections.append({"id": pending.record_id, "seq": pending.seq, "reason": reason})
            state = "rejected"
        else:
            state, reason = "sent", None
            if status == "accepted":
                tally.accepted += 1
            else:
                tally.duplicates += 1
        answer = json.dumps({"status": status, "reason": item.get("reason"), "flags": item.get("flags")},
                            ensure_ascii=False)
        groups.setdefault((state, reason, answer), []).append(pending.seq)
    missing = [p.seq for p in batch if p.record_id not in seen]
    tally.unsettled += len(missing)
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        for (state, reason, answer), seqs in groups.items():
            if state == "pending":  # not final (gap): the record is sent again, its reason remembered
                _settle(conn, seqs, {"last_error": reason, "answer": answer})
            else:
                tally.settled += _settle(conn, seqs, {"state": state, "answered_at": answered_at, "answer": answer,
                                                      "last_error": reason}, states)
        if missing:
            _settle(conn, missing, {"last_error": "not_answered"})
    return tally


def _settle(conn, seqs: Sequence[int], values: dict[str, Any], states: Sequence[str] = ("pending",)) -> int:
    """One UPDATE for every record in `seqs` still in `states` (chunks far below SQLite's variable
    limit); how many rows it changed."""
    changed = 0
    for i in range(0, len(seqs), MAX_BATCH):
        changed += conn.execute(_SETTLE.values(**values),
                                {"seqs": list(seqs[i:i + MAX_BATCH]), "states": list(states)}).rowcount
    return changed


_SETTLE = (update(outbox)
           .where(outbox.c.seq.in_(bindparam("seqs", expanding=True)),
                  outbox.c.state.in_(bindparam("states", expanding=True)))
           .values(attempts=outbox.c.attempts + 1))


def requeue_rejected(engine) -> int:
    """The operator's resend: every `rejected` record goes back to `pending`, in one transaction.

    For after the cause was fixed on the central (a device re-activated, a key corrected, a refusal
    that was the server's passing fault): the records are sent again unaltered, in sequence order,
    with the next sync. The central's answer, its time and the reason are cleared; `attempts` is
    kept. The ledger is not touched. Returns how many records were requeued.
    """
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        return conn.execute(update(outbox).where(outbox.c.state == "rejected")
                            .values(state="pending", answer=None, answered_at=None, last_error=None)).rowcount


def note_failure(engine, batch: Sequence[Pending], code: str) -> None:
    """Remember on each record of a batch that never got an answer why it is still pending."""
    if not batch:
        return
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(update(outbox).where(outbox.c.seq.in_([p.seq for p in batch]),
                                          outbox.c.state == "pending")
                     .values(attempts=outbox.c.attempts + 1, last_error=code))
