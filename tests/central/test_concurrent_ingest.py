"""Ingestion stays exact under concurrency: `serve --workers 2` (two processes) on PostgreSQL and on
SQLite, many stations uploading at once, the same batch racing itself, a device's next batch racing
the one before it, and stations recording the same people at the same activity on the same day.

Afterwards, from the central's own database: every record of every device is stored exactly once,
each device's chain is contiguous and its last seq right, every answer is consistent (each record
accepted exactly once across all the answers it got), and each (person, activity, day) is one
attendance with one evidence row per station that recorded it."""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict

import httpx
import pytest
from sqlalchemy import func, select

from central import admin, enrollment
from central.store.db import open_engine
from central.store.tables import attendance, attendance_evidence, devices, records
from tests.central.server import backends, database_url
from tests.central.station_sim import StationSim
from tests.hostile.central_process import CentralProcess

LG = "011002"
STATIONS = 6
BATCHES = 3
BATCH = 150
PEOPLE = 40  # shared by every station: the same person at the same activity and day, recorded by each


@pytest.fixture(params=backends())
def two_workers(request, tmp_path):
    with database_url(request.param, tmp_path) as url:
        engine = open_engine(url)
        stations = [StationSim() for _ in range(STATIONS)]
        with engine.begin() as conn:
            admin.upsert_lg(conn, LG)
            admin.upsert_activity(conn, id="snow-1", title="雪下ろし", kind="designated_project", venue=LG,
                                  start="2026-12-01T08:00", end="2026-12-20T17:00")
            for st in stations:
                enrollment.enroll(conn, enrollment.new_code(conn, LG)["code"], st.device_id, st.public_jwk(), "c")
        central = CentralProcess(url, tmp_path, workers=2)
        try:
            yield central, engine, stations
        finally:
            central.stop()
            engine.dispose()


def _batches(station: StationSim) -> list[list[dict]]:
    out = []
    for b in range(BATCHES):
        out.append([station.record(activity="snow-1", day=f"2026-12-{1 + (b * BATCH + i) // PEOPLE % 20:02d}",
                                   person=f"card:person{(b * BATCH + i) % PEOPLE:04d}")
                    for i in range(BATCH)])
    return out


def test_many_stations_two_workers_nothing_lost_doubled_or_out_of_order(two_workers):
    central, engine, stations = two_workers
    plans = {st.device_id: _batches(st) for st in stations}
    answers: dict[str, list[dict]] = defaultdict(list)
    lock, errors = threading.Lock(), []

    def post(device_id: str, batch: list[dict]) -> list[dict]:
        body = json.dumps({"device_id": device_id, "records": batch}, ensure_ascii=False).encode()
        with httpx.Client(timeout=120) as http:
            reply = http.post(central.url + "/v1/records", content=body, headers={"Content-Type": "application/json"})
        assert reply.status_code == 200, reply.text
        results = reply.json()["results"]
        with lock:
            answers[device_id].extend(results)
        return results

    def upload(device_id: str) -> None:
        try:
            first, second, third = plans[device_id]
            # The first batch races itself, and the second races the first.
            racers = [threading.Thread(target=post, args=(device_id, b)) for b in (first, first, second)]
            for t in racers:
                t.start()
            for t in racers:
                t.join()
            # The station resends whatever is not settled yet, in order, as the outbox does.
            for batch in (first, second, third):
                settled = {r["id"] for r in answers[device_id] if r["status"] in ("accepted", "duplicate")}
                pending = [w for w in batch if json.loads(w["payload"])["id"] not in settled]
                if pending:
                    results = post(device_id, pending)
                    assert all(r["status"] in ("accepted", "duplicate") for r in results), results
        except Exception as exc:  # noqa: BLE001 - reported below, with the device
            errors.append(f"{device_id}: {exc!r}")

    threads = [threading.Thread(target=upload, args=(st.device_id,)) for st in stations]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert central.alive() and "Traceback" not in central.stderr(), central.stderr()[-3000:]

    total = BATCHES * BATCH
    with engine.connect() as conn:
        for st in stations:
            seqs = conn.execute(select(records.c.seq).where(records.c.device_id == st.device_id)
                                .order_by(records.c.seq)).scalars().all()
            assert seqs == list(range(1, total + 1)), st.device_id
            assert conn.execute(select(devices.c.last_seq).where(devices.c.id == st.device_id)).scalar() == total
            # Every record accepted exactly once over all the answers it got; the rest duplicate or gap.
            accepted = Counter(r["id"] for r in answers[st.device_id] if r["status"] == "accepted")
            assert len(accepted) == total and set(accepted.values()) == {1}, st.device_id
            reasons = {r["reason"] for r in answers[st.device_id] if r["status"] == "rejected"}
            assert reasons <= {"gap"}, reasons
        keys = {(f"card:person{i % PEOPLE:04d}", f"2026-12-{1 + i // PEOPLE % 20:02d}") for i in range(total)}
        assert conn.execute(select(func.count()).select_from(attendance)).scalar() == len(keys)
        per_attendance = conn.execute(
            select(attendance_evidence.c.attendance_id, func.count()).group_by(attendance_evidence.c.attendance_id)
        ).all()
        assert len(per_attendance) == len(keys)
        expected = Counter()
        for i in range(total):
            expected[(f"card:person{i % PEOPLE:04d}", f"2026-12-{1 + i // PEOPLE % 20:02d}")] += STATIONS
        assert sorted(n for _, n in per_attendance) == sorted(expected.values())
