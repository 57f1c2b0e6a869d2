"""A real central for the tests: uvicorn on a free loopback port, in a thread, over a temp SQLite file
(and a PostgreSQL schema when FURUSATO_TEST_PG_URL is set). Start-up lives in tests/central/server.py."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine

from central import admin, enrollment
from tests.central.server import RunningCentral, backends, database_url, free_port, start_server  # noqa: F401

LG = "011002"  # 札幌市
OTHER_LG = "012025"  # 函館市


@dataclass
class Central:
    url: str
    db_url: str
    engine: Engine
    http: httpx.Client

    def code(self, lg: str = LG) -> str:
        with self.engine.begin() as conn:
            return enrollment.new_code(conn, lg)["code"]

    def enroll(self, station, lg: str = LG) -> dict:
        answer = self.http.post(
            "/v1/enroll",
            json={"code": self.code(lg), "device_id": station.device_id, "public_jwk": station.public_jwk(),
                  "label": "test"},
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def send(self, station, records, headers=None) -> list[dict]:
        answer = self.http.post(
            "/v1/records", json={"device_id": station.device_id, "records": records}, headers=headers or {}
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["results"]


@pytest.fixture(params=backends())
def central(request, tmp_path):
    """The real central over SQLite and, when FURUSATO_TEST_PG_URL is set, over PostgreSQL."""
    with database_url(request.param, tmp_path) as db_url:
        running = RunningCentral(db_url)
        try:
            yield from _seeded(running)
        finally:
            running.close()


def _seeded(running: RunningCentral):
    url, db_url, engine = running.url, running.db_url, running.engine
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG, long_stay_days=10)
        admin.upsert_lg(conn, OTHER_LG)
        admin.upsert_activity(conn, id="snow-1", title="雪下ろし", kind="designated_project", venue=LG,
                              start="2026-12-01T08:00", end="2026-12-20T17:00")
        admin.upsert_activity(conn, id="grass-1", title="草刈り", kind="designated_project", venue=LG,
                              start="2026-07-01T08:00", end="2026-07-01T17:00")
    with httpx.Client(base_url=url, timeout=10) as http:
        yield Central(url, db_url, engine, http)
