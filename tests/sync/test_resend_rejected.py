"""`furusato-field sync --resend-rejected`: once the cause is fixed on the central, the operator puts
the records it refused back in the outbox and they go in — each exactly once, unaltered, the ledger
untouched. Never automatic: a plain `sync` leaves refused records alone. Against the real central,
the command run as a real process."""

from sqlalchemy import select, update

from central.store.tables import devices, records
from desktop.privacy.audit_log import AuditLog
from desktop.store.tables import ledger, outbox
from desktop.sync import outbox as ob
from desktop.sync.sync_round import sync_once
from tests.store.cli_runner import run_cli
from tests.sync.conftest import check_in, client, fast_backoff
from tests.sync.fault_proxy import FaultProxy
from tests.sync.test_blocked import _tamper_second_signature

KEYS = ["uploaded", "accepted", "duplicates", "rejected", "pending"]


def _reactivate(central, device_id: str) -> None:
    """The reference central has no 're-activate' command: an administrator's fix, straight in its table."""
    with central.engine.begin() as conn:
        conn.execute(update(devices).where(devices.c.id == device_id).values(status="active", revoked_at=None))


def _ledger(station) -> list[tuple]:
    with station.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(ledger.c.seq, ledger.c.record_id, ledger.c.payload,
                                                      ledger.c.sig).order_by(ledger.c.seq))]


def _outbox(station) -> dict[int, tuple]:
    with station.engine.connect() as conn:
        return {r.seq: (r.state, r.attempts, r.last_error, r.answer, r.answered_at)
                for r in conn.execute(select(outbox))}


def _requeue_audits(station) -> list[tuple]:
    return [(e["count"], e["via"]) for e in AuditLog.for_data_dir(station.root).entries()
            if e["event"] == "records_requeued"]


def test_records_refused_while_revoked_go_in_once_the_device_is_active_again(enrolled, central):
    station = enrolled
    ids = check_in(station, 3)
    assert sync_once(station, client(central.url), fast_backoff()).tally.accepted == 3
    central.revoke_device(station.signer.device_id)
    ids += check_in(station, 4, start=3)
    report = sync_once(station, client(central.url), fast_backoff())
    assert report.tally.rejected == 4 and report.blocked.seq == 4
    assert ob.state_counts(station.engine) == {"sent": 3, "rejected": 4}

    _reactivate(central, station.signer.device_id)
    # Fixed on the central, but a refused record is never resent by itself: a plain sync sends
    # nothing and keeps CONTRACTS §3's output exactly.
    code, out, err = run_cli(station.root, "sync")
    assert code == 0, err
    assert list(out[0]) == KEYS and out[0]["uploaded"] == 0
    assert ob.state_counts(station.engine) == {"sent": 3, "rejected": 4}

    ledger_before, outbox_before = _ledger(station), _outbox(station)
    code, out, err = run_cli(station.root, "sync", "--resend-rejected")
    assert code == 0, err
    assert out == [{"uploaded": 4, "accepted": 4, "duplicates": 0, "rejected": 0, "pending": 0, "requeued": 4}]

    # On the central: every record, each exactly once, the chain whole.
    assert central.record_ids() == set(ids)
    assert central.count(records) == 7 and central.last_seq(station.signer.device_id) == 7
    # On the station: all sent, the attempts counted on (not reset), the ledger byte for byte as it was.
    after = _outbox(station)
    assert ob.state_counts(station.engine) == {"sent": 7} and ob.blockage(station.engine) is None
    for seq in range(4, 8):
        assert after[seq][1] == outbox_before[seq][1] + 1
        assert after[seq][2] is None and '"accepted"' in after[seq][3]
    assert {s: after[s] for s in range(1, 4)} == {s: outbox_before[s] for s in range(1, 4)}
    assert _ledger(station) == ledger_before
    assert _requeue_audits(station) == [(4, "cli")]

    # Nothing left to resend: the option is harmless, and says so.
    code, out, err = run_cli(station.root, "sync", "--resend-rejected")
    assert code == 0, err
    assert out == [{"uploaded": 0, "accepted": 0, "duplicates": 0, "rejected": 0, "pending": 0, "requeued": 0}]
    assert central.count(records) == 7
    assert _requeue_audits(station) == [(4, "cli")]  # only a resend that moved records is audited


def test_a_record_spoilt_on_the_way_is_resent_unaltered_and_unblocks_those_behind_it(enrolled, central):
    station = enrolled
    ids = check_in(station, 5)
    with FaultProxy(central.port, weights={"ok": 1.0}) as mitm:
        mitm.rewrite = _tamper_second_signature
        assert sync_once(station, client(mitm.url), fast_backoff(), pull=False).blocked.seq == 2
    states = _outbox(station)
    assert [states[s][0] for s in range(1, 6)] == ["sent", "rejected", "pending", "pending", "pending"]

    code, out, err = run_cli(station.root, "sync", "--resend-rejected")
    assert code == 0, err
    assert out == [{"uploaded": 4, "accepted": 4, "duplicates": 0, "rejected": 0, "pending": 0, "requeued": 1}]
    assert central.record_ids() == set(ids) and central.count(records) == 5
    assert ob.state_counts(station.engine) == {"sent": 5}


def test_requeue_moves_only_rejected_rows_in_one_go(enrolled, central):
    station = enrolled
    check_in(station, 3)
    central.revoke_device(station.signer.device_id)
    sync_once(station, client(central.url), fast_backoff(), pull=False)
    check_in(station, 2, start=3)  # written while blocked: pending, never sent
    before = _outbox(station)
    assert ob.requeue_rejected(station.engine) == 3
    after = _outbox(station)
    assert [after[s] for s in (1, 2, 3)] == [("pending", before[s][1], None, None, None) for s in (1, 2, 3)]
    assert [after[s] for s in (4, 5)] == [before[s] for s in (4, 5)]
    assert ob.requeue_rejected(station.engine) == 0
