import threading

from desktop.sync.worker import SyncStatus, SyncWorker, start_background_sync
from tests.sync.conftest import check_in, client, fast_backoff


def _factory(url):
    return lambda station: client(url)


def test_the_worker_syncs_in_the_background_and_reports_status(enrolled, central):
    statuses: list[SyncStatus] = []
    done = threading.Event()

    def on_status(status):
        statuses.append(status)
        if status.state == "online" and status.pending == 0 and status.last_success and not status.syncing:
            if central.record_ids():
                done.set()

    check_in(enrolled, 3)
    worker = start_background_sync(enrolled, on_status, interval=0.05, offline_interval=0.05,
                                   backoff=fast_backoff(), client_factory=_factory(central.url))
    try:
        assert done.wait(10), statuses[-3:]
    finally:
        worker.stop()
    assert not worker.is_alive()
    last = worker.status
    assert last.state == "online" and last.last_error is None and last.clock_off is False
    assert len(central.record_ids()) == 3
    assert set(last.to_json()) == {"state", "pending", "rejected", "last_success", "last_error",
                                   "clock_skew_seconds", "clock_off", "syncing", "blocked_seq", "blocked_reason"}
    assert (last.blocked_seq, last.blocked_reason) == (None, None)


def test_the_worker_goes_offline_and_keeps_records_when_the_central_is_down(enrolled, central):
    check_in(enrolled, 2)
    url = central.url
    central.stop()
    worker = SyncWorker(enrolled, backoff=fast_backoff(), client_factory=_factory(url))
    assert worker.sync_now() is False
    assert worker.status.state == "offline" and worker.status.last_error == "unreachable"
    assert worker.status.pending == 2


def test_an_unenrolled_station_says_so(station):
    worker = SyncWorker(station)
    assert worker.sync_now() is False
    assert worker.status.state == "not_enrolled" and worker.status.last_error == "not_enrolled"
