"""End-to-end sync throughput: a real station uploads N records to the real central over loopback.

    python bench/bench_sync.py [--records 10000] [--batch 500] [--runs 3] [--pg postgresql+psycopg://...]
                               [--sqlite-only] [--profile]

The central runs as its own process (`python -m central --db URL serve`), on a SQLite file and —
when --pg or FURUSATO_TEST_PG_URL is given — on PostgreSQL (in a schema of its own, dropped after).
The station is a real data folder: enrolled with a one-time code, N check-ins through the ledger
(signing included, timed separately), then one `sync_once` per run: batches read from the outbox,
POST /v1/records, the central verifies every signature, checks the chain and stores records and
attendance, the station settles its outbox. Each further run starts a fresh central database (the
same station enrolled again) and resets the station's outbox to pending; the median is reported.
Goal: ≥ 2,000 records/s end to end on SQLite.

--profile additionally runs one more round with the station side under cProfile (the central
runs in its own process, so this shows the station's share and the wait for answers), then
ingests the same records into a fresh database in-process under cProfile (the central's share
without HTTP), and prints the top functions of each.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import json
import os
import pstats
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from central import admin, answer_signing, enrollment, ingest  # noqa: E402
from central.store.db import open_engine  # noqa: E402
from central.store.tables import records  # noqa: E402
from desktop.station import Station  # noqa: E402
from desktop.store.tables import outbox as outbox_table  # noqa: E402
from desktop.sync import answer_trust, outbox  # noqa: E402
from desktop.sync.backoff import Backoff  # noqa: E402
from desktop.sync.client import CentralClient  # noqa: E402
from desktop.sync.enrollment import enroll  # noqa: E402
from desktop.sync.sync_round import sync_once  # noqa: E402
from furusato.activity import JST  # noqa: E402

LG = "152102"  # 十日町市, the station's demo local government
ACTIVITY = "bench-sync"
AT = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
GOAL = 2000.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def pg_schema(pg_url: str):
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(pg_url)
    with admin_engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin_engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


def seed(db_url: str) -> str:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id=ACTIVITY, title="ベンチマーク", kind="designated_project", venue=LG,
                              start="2026-11-01T08:00", end="2026-11-30T17:00")
        code = enrollment.new_code(conn, LG)["code"]
    engine.dispose()
    return code


@contextlib.contextmanager
def central_process(db_url: str):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "central", "--db", db_url, "serve", "--port", str(port)],
                            cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/v1/keys", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the central did not start")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def fill(station: Station, n: int) -> float:
    """N real check-ins through the ledger (canonical payload, hash, Ed25519 signature, durable commit)."""
    started = time.perf_counter()
    for i in range(n):
        station.ledger.check_in(
            activity_id=ACTIVITY, day=AT.date(), at=AT + timedelta(seconds=i % 3600),
            person_key=f"card:bench{i:08d}", details={"name": f"参加者 {i}"},
        )
    return time.perf_counter() - started


def all_wires(station: Station) -> list[dict]:
    wires, after = [], 0
    while batch := outbox.pending_batch(station, outbox.MAX_BATCH, after_seq=after):
        wires.extend(p.wire for p in batch)
        after = batch[-1].seq
    return wires


def enroll_directly(db_url: str, station: Station) -> None:
    """A fresh central database with this station enrolled (its key, its device id) — no HTTP. The
    station takes that central's answer key, as an enrolment would: it is another central."""
    code = seed(db_url)
    engine = open_engine(db_url)
    with engine.begin() as conn:
        enrollment.enroll(conn, code, station.signer.device_id, station_public_jwk(station))
        chain = answer_signing.chain(conn)
    engine.dispose()
    station.meta.set(answer_trust.META_CHAIN, json.dumps(chain))


def profile_ingest(db_url: str, station: Station, batch: int) -> None:
    """The central's ingestion alone, in-process, under cProfile, into a fresh database."""
    enroll_directly(db_url, station)
    engine = open_engine(db_url, migrate=False)
    wires = all_wires(station)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for i in range(0, len(wires), batch):
        with engine.begin() as conn:
            ingest.ingest_batch(conn, station.signer.device_id, wires[i:i + batch])
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"  central ingestion alone (in-process, profiled): {len(wires) / elapsed:,.0f} records/s")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    engine.dispose()


def station_public_jwk(station: Station) -> dict:
    from desktop.privacy import station_setup

    return station_setup.load_device_key(station.root, station.data_key).public_jwk()


def sync_round(station: Station, db_url: str, n: int, batch: int, profiler: cProfile.Profile | None = None) -> float:
    """One timed `sync_once` of the whole outbox against a central process on `db_url`; records/s."""
    with central_process(db_url) as url:
        station.engine.dispose()  # start from cold connections, as a freshly started station would
        client = CentralClient(url, timeout=(5.0, 300.0))
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        report = sync_once(station, client, Backoff(attempts=1, sleep=lambda s: None), batch_size=batch, pull=False)
        if profiler is not None:
            profiler.disable()
        elapsed = time.perf_counter() - started
        client.close()
    assert report.error is None, report.error
    assert report.tally.accepted == n and report.pending == 0, report.to_json()
    engine = open_engine(db_url, migrate=False)
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(records)).scalar_one()
    engine.dispose()
    assert stored == n, stored
    return n / elapsed


def run(label: str, databases, n: int, batch: int, work: Path, runs: int, profile: bool) -> float:
    """`databases()` is a context manager giving a fresh, empty central database URL each time."""
    station = Station.open(work / f"station-{label}", now=AT)
    try:
        rates = []
        for i in range(runs):
            with databases() as db_url:
                if i == 0:
                    code = seed(db_url)
                    with central_process(db_url) as url:
                        enroll(station, url, code, label="bench")
                    sign_s = fill(station, n)
                    print(f"{label:8s} check-in (signing, durable commits): {n / sign_s:8,.0f} records/s"
                          f" ({sign_s:.1f} s)")
                else:
                    enroll_directly(db_url, station)
                    reset_outbox(station)
                rates.append(sync_round(station, db_url, n, batch))
                print(f"{label:8s} run {i + 1}: {rates[-1]:8,.0f} records/s ({n / rates[-1]:.2f} s)")
        rate = statistics.median(rates)
        goal = "" if label != "sqlite" else "  goal ≥ 2,000: " + ("met" if rate >= GOAL else "MISSED")
        print(f"{label:8s} sync end to end, batches of {batch}, median of {runs}: {rate:8,.0f} records/s{goal}")
        if profile:
            with databases() as db_url:
                enroll_directly(db_url, station)
                reset_outbox(station)
                profiler = cProfile.Profile()
                profiled = sync_round(station, db_url, n, batch, profiler)
            print(f"  station side of one round (profiled, central in its own process): {profiled:,.0f} records/s")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
            reset_outbox(station)
            with databases() as db_url:
                profile_ingest(db_url, station, batch)
        return rate
    finally:
        station.close()


def reset_outbox(station: Station) -> None:
    with station.engine.begin() as conn:
        conn.execute(outbox_table.update().values(state="pending", attempts=0, last_error=None,
                                                  answered_at=None, answer=None))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=outbox.MAX_BATCH)
    parser.add_argument("--runs", type=int, default=3, help="timed sync rounds per database (median reported)")
    parser.add_argument("--pg", default=os.environ.get("FURUSATO_TEST_PG_URL"),
                        help="PostgreSQL URL (default $FURUSATO_TEST_PG_URL)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    rates = {}
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        work = Path(tmp)
        counter = itertools.count()

        @contextlib.contextmanager
        def sqlite_database():
            yield f"sqlite:///{(work / f'central-{next(counter)}.sqlite3').as_posix()}"

        rates["sqlite"] = run("sqlite", sqlite_database, args.records, args.batch, work, args.runs, args.profile)
        if args.pg and not args.sqlite_only:
            rates["postgres"] = run("postgres", lambda: pg_schema(args.pg), args.records, args.batch, work,
                                    args.runs, args.profile)
        else:
            print("postgres: skipped (no --pg / FURUSATO_TEST_PG_URL)")
    return 0 if rates["sqlite"] >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
