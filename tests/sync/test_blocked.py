"""A record the central refuses for good blocks every later one (they can only be answered `gap`).
The station must say so — which record, and the central's reason — stop sending records until a
long interval has passed (or the next start), and keep every record. Against the real central."""

import json
import threading
import time

from sqlalchemy import func, select, update

from desktop.store.tables import ledger, outbox
from desktop.sync import outbox as ob
from desktop.sync.bundle import write_bundle
from desktop.sync.sync_round import sync_once
from desktop.sync.worker import SyncWorker
from tests.sync.conftest import check_in, client, fast_backoff
from tests.sync.fault_proxy import FaultProxy

POST_RECORDS = ("POST", "/v1/records")


def _rows(station):
    with station.engine.connect() as conn:
        return [(r.seq, r.state, r.last_error)
                for r in conn.execute(select(outbox).order_by(outbox.c.seq))]


def _posts(central) -> int:
    return central.requests.count(POST_RECORDS)


def _worker(station, url, **options) -> SyncWorker:
    options.setdefault("blocked_interval", 3600.0)
    return SyncWorker(station, backoff=fast_backoff(), client_factory=lambda s: client(url), **options)


def _tamper_second_signature(body: bytes) -> bytes:
    """A man in the middle spoils the signature of the second record of a batch (the last char of
    the signature part of a detached JWS: `header..signature`)."""
    if b'"records"' not in body:
        return body
    doc = json.loads(body)
    if len(doc["records"]) > 1:
        sig = doc["records"][1]["sig"]
        doc["records"][1]["sig"] = sig[:-2] + ("AA" if not sig.endswith("AA") else "BB")
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _run_for(worker: SyncWorker, seconds: float, station) -> None:
    """Runs the worker's own loop for `seconds`, checking someone in and waking it every 50 ms."""
    worker.start()
    try:
        deadline, made = time.monotonic() + seconds, 100
        while time.monotonic() < deadline:
            check_in(station, 1, start=made)
            made += 1
            worker.wake()
            time.sleep(0.05)
    finally:
        worker.stop()
    assert not worker.is_alive()


def test_a_record_spoilt_on_the_way_blocks_the_rest_and_the_station_says_so(enrolled, central):
    station = enrolled
    ids = check_in(station, 5)
    with FaultProxy(central.port, weights={"ok": 1.0}) as mitm:
        mitm.rewrite = _tamper_second_signature
        worker = _worker(station, mitm.url)
        assert worker.sync_now() is True
    status = worker.status
    assert (status.state, status.blocked_seq, status.blocked_reason) == ("blocked", 2, "bad_signature")
    assert status.pending == 3 and status.rejected == 1 and status.last_error is None
    # Record 1 went in; 2 was refused; 3–5 wait behind it, answered `gap` — all still on the station.
    assert _rows(station) == [(1, "sent", None), (2, "rejected", "bad_signature"),
                              (3, "pending", "gap"), (4, "pending", "gap"), (5, "pending", "gap")]
    assert central.record_ids() == {ids[0]}
    assert ob.blockage(station.engine) == ob.Blockage(2, ids[1], "bad_signature", 3)
    # One POST did all that: the loop stopped at the rejection instead of sending 3–5 again at once.
    assert _posts(central) == 1


def test_a_revoked_station_stops_sending_records_and_keeps_them(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 3)
    assert sync_once(station, client(central.url), fast_backoff()).tally.accepted == 3
    central.revoke_device(station.signer.device_id)
    check_in(station, 4, start=3)
    before = _posts(central)

    worker = _worker(station, central.url, interval=0.05, offline_interval=0.05)
    assert worker.sync_now() is True
    status = worker.status
    assert (status.state, status.blocked_seq, status.blocked_reason) == ("blocked", 4, "device_revoked")
    assert _posts(central) == before + 1  # one batch, answered device_revoked for each of its records
    assert [r[1:] for r in _rows(station)[3:]] == [("rejected", "device_revoked")] * 4

    # The loop keeps running (pulls: catalogue, keys, revocations) and check-ins keep waking it, but
    # no record is sent again before `blocked_interval` (an hour by default) or the next start.
    gets_before = len([r for r in central.requests if r[0] == "GET"])
    _run_for(worker, 1.5, station)
    assert _posts(central) == before + 1
    assert len([r for r in central.requests if r[0] == "GET"]) > gets_before
    status = worker.status
    assert (status.state, status.blocked_seq, status.blocked_reason) == ("blocked", 4, "device_revoked")
    made_while_blocked = status.pending
    assert made_while_blocked >= 5
    states = ob.state_counts(station.engine)
    assert states == {"sent": 3, "rejected": 4, "pending": made_while_blocked}
    with station.engine.connect() as conn:
        assert conn.execute(select(func.max(ledger.c.seq))).scalar_one() == 7 + made_while_blocked
    # Everything the central does not hold (refused, or waiting) is still exported in a bundle.
    assert write_bundle(station, tmp_path / "b.frr").records == 4 + made_while_blocked


def test_after_the_long_interval_the_station_asks_again_with_a_single_record(enrolled, central):
    station = enrolled
    check_in(station, 2)
    central.forget_device_key(station.signer.device_id)  # the central lost this station's key
    worker = _worker(station, central.url, interval=0.05, offline_interval=0.05, blocked_interval=0.4)
    assert worker.sync_now() is True
    assert (worker.status.blocked_seq, worker.status.blocked_reason) == (1, "bad_signature")
    check_in(station, 30, start=2)
    before = _posts(central)
    started = time.monotonic()
    worker.start()
    try:
        # Woken over and over (as check-ins do), it still asks only once per blocked_interval.
        while time.monotonic() - started < 1.3 or (_posts(central) == before and time.monotonic() - started < 15):
            worker.wake()
            time.sleep(0.02)
    finally:
        worker.stop()
    elapsed = time.monotonic() - started
    probes = _posts(central) - before
    assert 1 <= probes <= elapsed / 0.4 + 1, (probes, elapsed)
    # Each probe was one record, refused like the others; the rest wait, untouched.
    assert ob.state_counts(station.engine) == {"rejected": 2 + probes, "pending": 30 - probes}
    assert worker.status.state == "blocked" and worker.status.blocked_seq == 1


def test_the_central_missing_earlier_records_is_a_blockage_too(enrolled, central):
    station = enrolled
    check_in(station, 3)
    # The station believes record 1 was delivered; the central never got it (restored from a backup).
    with station.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.seq == 1).values(state="sent"))
    worker = _worker(station, central.url)
    worker.sync_now()
    assert (worker.status.state, worker.status.blocked_seq, worker.status.blocked_reason) == ("blocked", 2, "gap")
    assert worker.status.pending == 2
    assert central.stored() == {}


def test_the_operators_resend_unblocks_the_station_at_once(enrolled, central):
    station = enrolled
    check_in(station, 4)
    with FaultProxy(central.port, weights={"ok": 1.0}) as mitm:
        mitm.rewrite = _tamper_second_signature
        assert sync_once(station, client(mitm.url), fast_backoff(), pull=False).blocked.seq == 2
    worker = _worker(station, central.url)
    worker.sync_now()
    assert worker.status.state == "blocked" and worker.uploads_paused
    posts = _posts(central)
    # The refused record is sent again unaltered (the operator's resend, as in test_two_stations).
    with station.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.state == "rejected").values(state="pending"))
    assert worker.sync_now() is True
    status = worker.status
    assert (status.state, status.pending, status.blocked_seq, status.blocked_reason) == ("online", 0, None, None)
    assert not worker.uploads_paused and _posts(central) == posts + 1
    assert ob.state_counts(station.engine) == {"sent": 4}


def test_a_transient_failure_is_not_a_blockage(enrolled, central):
    station = enrolled
    check_in(station, 2)
    with FaultProxy(central.port, weights={"500": 1.0}) as broken:
        worker = _worker(station, broken.url)
        assert worker.sync_now() is False
    assert worker.status.state == "offline" and worker.status.blocked_reason is None
    assert not worker.uploads_paused
    assert ob.blockage(station.engine) is None


def test_statuses_reach_the_callback_from_the_worker_thread(enrolled, central):
    station = enrolled
    check_in(station, 1)
    central.revoke_device(station.signer.device_id)
    seen = []
    done = threading.Event()

    def on_status(status):
        seen.append(status)
        if status.state == "blocked":
            done.set()

    worker = SyncWorker(station, on_status, backoff=fast_backoff(), interval=0.05,
                        client_factory=lambda s: client(central.url))
    worker.start()
    try:
        assert done.wait(10)
    finally:
        worker.stop()
    blocked = next(s for s in seen if s.state == "blocked")
    assert (blocked.blocked_seq, blocked.blocked_reason, blocked.syncing) == (1, "device_revoked", False)


def test_a_bundle_carries_the_refused_record_and_what_waits_behind_it(enrolled, central, tmp_path):
    from central.bundles import import_bundle

    station = enrolled
    ids = check_in(station, 5)
    with FaultProxy(central.port, weights={"ok": 1.0}) as mitm:
        mitm.rewrite = _tamper_second_signature
        assert sync_once(station, client(mitm.url), fast_backoff(), pull=False).blocked.seq == 2
    written = write_bundle(station, tmp_path / "usb.frr")
    assert (written.records, written.first_seq, written.last_seq) == (4, 2, 5)
    # At the office the bundle goes in whole (the record was spoilt on the way, not on the station)...
    with central.engine.begin() as conn:
        imported = import_bundle(conn, (tmp_path / "usb.frr").read_text(encoding="utf-8"))
    assert (imported["accepted"], imported["rejected"]) == (4, 0)
    assert central.record_ids() == set(ids)
    # ...and the station's next sync settles what waited (duplicates) and is no longer blocked.
    report = sync_once(station, client(central.url), fast_backoff(), pull=False)
    assert report.tally.duplicates == 3 and report.pending == 0 and report.blocked is None
