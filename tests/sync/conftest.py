"""The sync tests run against the real central (central/ under uvicorn on loopback), seeded through
central.admin / central.enrollment with 十日町市 (152102, the station's demo local government),
enrollment codes and one central activity. Assertions read the central's own database."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select, update

from central import admin, enrollment, platform_keys, record_details
from central.store.tables import devices, records
from desktop.checkin import CheckinService
from desktop.station import Station
from desktop.sync.backoff import Backoff
from desktop.sync.client import CentralClient
from desktop.sync.enrollment import enroll
from furusato.activity import JST
from furusato.keys import generate_key
from tests.central.server import RunningCentral, backends, database_url
from tests.store.records import manual

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
LG = "152102"  # 十日町市
CENTRAL_ACTIVITY = {
    "id": "central-kusakari", "title": "草刈り（中央）", "kind": "designated_project", "venue": LG,
    "start": "2026-11-22T08:00:00+09:00", "end": "2026-11-22T17:00:00+09:00",
}


@dataclass
class SyncCentral:
    """The running real central plus the questions the tests ask its database."""

    running: RunningCentral
    codes: list[str]

    @property
    def url(self) -> str:
        return self.running.url

    @property
    def port(self) -> int:
        return self.running.port

    @property
    def engine(self) -> Engine:
        return self.running.engine

    @property
    def code(self) -> str:
        return self.codes[0]

    @property
    def requests(self) -> list[tuple[str, str]]:
        return self.running.requests

    def stop(self) -> None:
        self.running.stop()

    def new_code(self, lg: str = LG) -> str:
        with self.engine.begin() as conn:
            return enrollment.new_code(conn, lg)["code"]

    def add_activity(self, **activity) -> None:
        with self.engine.begin() as conn:
            admin.upsert_activity(conn, **activity)

    def revoke_card(self, sub: str) -> None:
        with self.engine.begin() as conn:
            admin.revoke_card(conn, sub)

    def revoke_device(self, device_id: str) -> None:
        with self.engine.begin() as conn:
            admin.revoke_device(conn, device_id)

    def platform_key(self):
        with self.engine.begin() as conn:
            return platform_keys.active_key(conn)

    def rotate_keys(self) -> str:
        with self.engine.begin() as conn:
            return platform_keys.rotate(conn)["active"]

    def forget_device_key(self, device_id: str) -> None:
        """The central 'lost' the station's key: another key is enrolled under its id."""
        other = generate_key()
        with self.engine.begin() as conn:
            conn.execute(update(devices).where(devices.c.id == device_id)
                         .values(kid=other.kid, public_jwk=other.public_jwk()))

    def stored(self) -> dict[str, dict]:
        """record id → the central's stored row (as a dict), its details unsealed (central/record_details.py)."""
        with self.engine.connect() as conn:
            return {r.record_id: {**r._asdict(), "details": record_details.from_stored(conn, r.record_id, r.details)}
                    for r in conn.execute(select(records).order_by(records.c.seq))}

    def record_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(records.c.record_id)).scalars())

    def count(self, table, *where) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    def last_seq(self, device_id: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(select(devices.c.last_seq).where(devices.c.id == device_id)).scalar()


def seed(running: RunningCentral, n_codes: int = 3) -> SyncCentral:
    with running.engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, **CENTRAL_ACTIVITY)
        codes = [enrollment.new_code(conn, LG)["code"] for _ in range(n_codes)]
    return SyncCentral(running, codes)


@pytest.fixture(params=backends())
def central(request, tmp_path):
    """The one place the sync tests get a central from: the real one, on SQLite and (when
    FURUSATO_TEST_PG_URL is set) PostgreSQL."""
    with database_url(request.param, tmp_path / "central") as db_url:
        running = RunningCentral(db_url)
        try:
            yield seed(running)
        finally:
            running.close()


def open_station(folder) -> Station:
    return Station.open(folder, now=NOW)


@pytest.fixture
def station(tmp_path):
    opened = open_station(tmp_path / "station")
    yield opened
    opened.close()


@pytest.fixture
def enrolled(station, central):
    enroll(station, central.url, central.code, label="test")
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
