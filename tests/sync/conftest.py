from datetime import date, datetime, timedelta

import pytest

from desktop.checkin import CheckinService
from desktop.station import Station
from desktop.sync.backoff import Backoff
from desktop.sync.client import CentralClient
from desktop.sync.enrollment import enroll
from furusato.activity import JST
from tests.store.records import manual
from tests.sync.fake_central import FakeCentral

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
CODE = "ENROL-0001"
CENTRAL_ACTIVITY = {
    "id": "central-kusakari", "title": "草刈り（中央）", "kind": "designated_project", "venue": "152102",
    "start": "2026-11-22T08:00:00+09:00", "end": "2026-11-22T17:00:00+09:00",
}


@pytest.fixture
def central():
    """The one place the tests get a central from (a loopback stand-in until central/ lands)."""
    with FakeCentral() as server:
        server.state.add_code(CODE)
        server.state.add_code("ENROL-0002")
        server.state.activities.append(dict(CENTRAL_ACTIVITY))
        yield server


@pytest.fixture
def station(tmp_path):
    opened = Station.open(tmp_path / "station", now=NOW)
    yield opened
    opened.close()


@pytest.fixture
def enrolled(station, central):
    enroll(station, central.url, CODE, label="test")
    return station


def fast_backoff(attempts: int = 3) -> Backoff:
    return Backoff(attempts=attempts, base=0.0, cap=0.0, sleep=lambda s: None)


def client(url: str, **kw) -> CentralClient:
    kw.setdefault("timeout", (1.0, 2.0))
    return CentralClient(url, **kw)


def check_in(station, n: int, start: int = 0, activity: str = "demo-jichikai"):
    service = CheckinService(station)
    ids = []
    for i in range(start, start + n):
        birth = (date(1950, 1, 1) + timedelta(days=i)).isoformat()
        result = service.check_in_manual(activity, manual(birth=birth), NOW)
        assert result.record_id, result
        ids.append(result.record_id)
    return ids
