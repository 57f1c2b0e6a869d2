"""Through a proxy that drops, cuts, delays and errors at random, every record still reaches the
(real) central exactly once and the outbox empties."""

import random

from sqlalchemy import func, select

from central.store.tables import attendance_evidence, records
from desktop.store.tables import ledger, outbox
from desktop.sync import outbox as ob
from desktop.sync.sync_round import sync_once
from tests.sync.conftest import check_in, client, fast_backoff
from tests.sync.fault_proxy import FAULTS, FaultProxy

ROUNDS = 300


def test_randomised_faults_never_lose_or_double_a_record(enrolled, central):
    station = enrolled
    rng = random.Random(20261122)
    made = 0
    outcomes = {"ok": 0, "error": 0}
    with FaultProxy(central.port, seed=7, delay=0.3, weights={**{f: 1.0 for f in FAULTS}, "delay": 0.4}) as proxy:
        for _ in range(ROUNDS):
            new = rng.choice((0, 0, 1, 2, 3))
            check_in(station, new, start=made)
            made += new
            report = sync_once(station, client(proxy.url, timeout=(0.5, 0.15)), fast_backoff(rng.choice((1, 2, 3))),
                               batch_size=rng.choice((1, 2, 5, 500)), pull=rng.random() < 0.2)
            outcomes["error" if report.error else "ok"] += 1
            if report.error is not None:
                assert report.error.code in {"unreachable", "timeout", "server_error", "rate_limited"}, report.error
            # Nothing the central has not answered for ever leaves pending.
            with station.engine.connect() as conn:
                sent = {r.record_id for r in conn.execute(
                    select(ledger.c.record_id).join(outbox, outbox.c.seq == ledger.c.seq)
                    .where(outbox.c.state != "pending"))}
            assert sent <= central.record_ids()
        assert set(proxy.counts) == set(FAULTS)  # every kind of fault really happened
    assert outcomes["ok"] > 0 and outcomes["error"] > 0

    # The network heals: one clean sync settles whatever is left.
    final = sync_once(station, client(central.url), fast_backoff())
    assert final.error is None and final.pending == 0
    assert ob.state_counts(station.engine) == {"sent": made}
    with station.engine.connect() as conn:
        ids = [r.record_id for r in conn.execute(select(ledger.c.record_id).order_by(ledger.c.seq))]
    assert len(ids) == made > 100
    assert central.record_ids() == set(ids)
    with central.engine.connect() as conn:
        # each stored exactly once, in chain order, and projected once
        assert conn.execute(select(func.count()).select_from(records)).scalar_one() == made
        assert conn.execute(select(func.count(func.distinct(records.c.record_id)))).scalar_one() == made
        assert list(conn.execute(select(records.c.record_id).order_by(records.c.seq)).scalars()) == ids
        assert list(conn.execute(select(records.c.seq).order_by(records.c.seq)).scalars()) == list(
            range(1, made + 1))
        assert conn.execute(select(func.count()).select_from(attendance_evidence)).scalar_one() == made
    assert central.last_seq(station.signer.device_id) == made
