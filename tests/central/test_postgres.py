"""The same store and API on PostgreSQL (set FURUSATO_TEST_PG_URL, e.g.
postgresql+psycopg://user:pw@127.0.0.1:5432/db). Each test works in a schema of its own, dropped after."""

from __future__ import annotations

import os
import threading
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from central import admin, enrollment
from central.bundles import import_bundle
from central.store.db import current_revision, head_revision, open_engine
from central.store.tables import attendance, attendance_evidence, records
from desktop.sync.client import device_token
from tests.central.conftest import LG, start_server
from tests.central.station_sim import StationSim

PG_URL = os.environ.get("FURUSATO_TEST_PG_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="FURUSATO_TEST_PG_URL is not set"),
]


@pytest.fixture
def pg_url():
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(PG_URL)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin_engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin_engine.dispose()


def test_postgres_migrations_and_sync(pg_url):
    engine = open_engine(pg_url)
    assert engine.dialect.name == "postgresql" and current_revision(engine) == head_revision()
    open_engine(pg_url).dispose()  # migrating again is a no-op
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id="snow-1", title="雪下ろし", kind="designated_project", venue=LG,
                              start="2026-12-01T08:00", end="2026-12-20T17:00")
        admin.upsert_person(conn, "person0001", residence="131016", mynumber_verified=True)
        codes = [enrollment.new_code(conn, LG)["code"] for _ in range(3)]
    engine.dispose()

    server, thread, url, engine = start_server(pg_url)
    try:
        with httpx.Client(base_url=url, timeout=20) as http:
            stations = [StationSim() for _ in range(3)]
            for station, code in zip(stations, codes, strict=True):
                answer = http.post("/v1/enroll", json={"code": code, "device_id": station.device_id,
                                                        "public_jwk": station.public_jwk()})
                assert answer.status_code == 200, answer.text
            assert http.post("/v1/enroll", json={"code": codes[0], "device_id": "x",
                                                  "public_jwk": stations[1].public_jwk()}).status_code == 409

            a, b, c = stations
            batch = [a.record(activity="snow-1", day=f"2026-12-0{d}", person="card:person0001",
                              details={"n": d}) for d in (1, 2, 3)]
            def send(s, recs):
                return http.post("/v1/records", json={"device_id": s.device_id, "records": recs}).json()
            assert [r["status"] for r in send(a, batch)["results"]] == ["accepted"] * 3
            assert [r["status"] for r in send(a, batch)["results"]] == ["duplicate"] * 3
            gap = a.record(activity="snow-1", day="2026-12-05", person="card:person0001", advance=False)
            a.seq += 1
            assert send(a, [a.record(activity="snow-1", day="2026-12-06", person="card:p0000002")])["results"][0][
                "reason"] == "gap"
            assert send(a, [gap])["results"][0]["status"] == "accepted"

            # b and c record the same attendance at the same moment: both stored, counted once.
            rb = b.record(activity="snow-1", day="2026-12-10", person="card:person0001")
            rc_ = c.record(activity="snow-1", day="2026-12-10", person="card:person0001")
            answers = {}
            threads = [threading.Thread(target=lambda s=s, r=r: answers.__setitem__(s.device_id, send(s, [r])))
                       for s, r in ((b, rb), (c, rc_))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert all(v["results"][0]["status"] == "accepted" for v in answers.values()), answers

            token = device_token(c.key, c.device_id, "GET", f"{url}/v1/eligibility")  # an enrolled station
            result = http.get("/v1/eligibility", params={"person": "person0001", "lg": LG, "as_of": "2026-12-31"},
                              headers={"Authorization": f"Bearer {token}"}).json()
            assert result["eligible"] is True and result["stay_days"] == 5

        with engine.begin() as conn:
            summary = import_bundle(conn, b.bundle([rb]))
        assert (summary["accepted"], summary["duplicates"]) == (0, 1)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(records)).scalar() == 6
            assert conn.execute(select(func.count()).select_from(attendance)).scalar() == 5
            assert conn.execute(select(func.count()).select_from(attendance_evidence)).scalar() == 6
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()
