"""Settling a batch from the central's answers: a few set-based UPDATEs in one transaction, and a
record leaves `pending` only for an answer that is about it."""

import json
from datetime import datetime

import pytest
from sqlalchemy import event, select

from desktop.store.tables import outbox
from desktop.sync import outbox as ob
from desktop.sync.errors import BadResponse
from furusato.activity import JST
from tests.sync.conftest import check_in

AT = datetime(2026, 11, 22, 12, 0, tzinfo=JST)


def _rows(station):
    with station.engine.connect() as conn:
        return {r.seq: r for r in conn.execute(select(outbox).order_by(outbox.c.seq))}


def _answer(p, status, reason=None, flags=()):
    return {"id": p.record_id, "seq": p.seq, "status": status, "reason": reason, "flags": list(flags)}


class _Updates:
    """Counts UPDATE statements on the station's database."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *args):
        self.count += statement.lstrip().upper().startswith("UPDATE")


def test_a_full_batch_of_acceptances_is_one_update(station):
    check_in(station, 60)
    batch = ob.pending_batch(station)
    results = [_answer(p, "accepted", flags=["unknown_activity"]) for p in batch]
    with _Updates(station.engine) as updates:
        tally = ob.apply_answers(station.engine, batch, results, now=AT)
    assert updates.count == 1
    assert (tally.uploaded, tally.accepted, tally.unsettled) == (60, 60, 0)
    rows = _rows(station).values()
    assert {(r.state, r.attempts, r.answered_at, r.last_error) for r in rows} == {("sent", 1, AT.isoformat(), None)}
    assert {json.loads(r.answer)["flags"][0] for r in rows} == {"unknown_activity"}


def test_every_kind_of_answer_in_one_batch(station):
    check_in(station, 8)
    b = ob.pending_batch(station)
    results = [
        _answer(b[0], "accepted"), _answer(b[1], "duplicate"), _answer(b[2], "accepted", flags=["clock_skew"]),
        _answer(b[3], "rejected", "bad_signature"), _answer(b[4], "rejected", "gap"), _answer(b[5], "rejected", "gap"),
        # b[6] not answered at all; an answer for something never sent; b[0] answered twice (first counts)
        {"id": "not-sent", "seq": None, "status": "accepted", "reason": None, "flags": []},
        _answer(b[0], "rejected", "conflict"),
        _answer(b[7], "rejected", "device_revoked"),
    ]
    with _Updates(station.engine) as updates:
        tally = ob.apply_answers(station.engine, b, results, now=AT)
    assert updates.count == 7  # one per answer text: sent ×3, rejected ×2, gap; and the unanswered
    assert (tally.accepted, tally.duplicates, tally.rejected, tally.unsettled) == (2, 1, 2, 3)
    assert [(r["seq"], r["reason"]) for r in tally.rejections] == [(4, "bad_signature"), (8, "device_revoked")]
    rows = _rows(station)
    assert [(rows[s].state, rows[s].last_error, rows[s].attempts) for s in range(1, 9)] == [
        ("sent", None, 1), ("sent", None, 1), ("sent", None, 1), ("rejected", "bad_signature", 1),
        ("pending", "gap", 1), ("pending", "gap", 1), ("pending", "not_answered", 1),
        ("rejected", "device_revoked", 1)]
    assert json.loads(rows[3].answer) == {"status": "accepted", "reason": None, "flags": ["clock_skew"]}
    assert json.loads(rows[2].answer)["status"] == "duplicate"
    assert rows[5].answered_at is None and rows[4].answered_at == AT.isoformat()
    # Only what is still pending is touched by a later answer: a settled record stays settled.
    ob.apply_answers(station.engine, b[:4], [_answer(p, "rejected", "fork") for p in b[:4]], now=AT)
    after = _rows(station)
    assert [(after[s].state, after[s].last_error, after[s].attempts) for s in range(1, 5)] == [
        ("sent", None, 1), ("sent", None, 1), ("sent", None, 1), ("rejected", "bad_signature", 1)]


def test_an_answer_naming_the_wrong_seq_settles_nothing(station):
    check_in(station, 3)
    batch = ob.pending_batch(station)
    results = [_answer(p, "accepted") for p in batch]
    results[2]["seq"] = 99
    with pytest.raises(BadResponse):
        ob.apply_answers(station.engine, batch, results, now=AT)
    assert {(r.state, r.attempts) for r in _rows(station).values()} == {("pending", 0)}


def test_bundles_read_refused_records_too_the_sync_only_pending_ones(station):
    check_in(station, 4)
    batch = ob.pending_batch(station)
    ob.apply_answers(station.engine, batch[:2], [_answer(batch[0], "accepted"),
                                                 _answer(batch[1], "rejected", "bad_signature")], now=AT)
    assert [p.seq for p in ob.pending_batch(station)] == [3, 4]
    assert [p.seq for p in ob.pending_batch(station, states=ob.UNSENT)] == [2, 3, 4]
    assert [p.seq for p in ob.pending_batch(station, 1, after_seq=2)] == [3]
    assert ob.blockage(station.engine) == ob.Blockage(2, batch[1].record_id, "bad_signature", 2)
