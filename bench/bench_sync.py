"""End-to-end sync throughput: a real station uploads N records to the real central over loopback.

    python bench/bench_sync.py [--records 10000] [--batch 500] [--pg postgresql+psycopg://...] [--profile]

The central runs as its own process (`python -m central --db URL serve`), on a SQLite file and —
when --pg or FURUSATO_TEST_PG_URL is given — on PostgreSQL (in a schema of its own, dropped after).
The station is a real data folder: enrolled with a one-time code, N check-ins through the ledger
(signing included, timed separately), then one `sync_once`: batches read from the outbox,
POST /v1/records, the central verifies every signature, checks the chain and stores records and
attendance, the station settles its outbox. Goal: ≥ 2,000 records/s end to end on SQLite.

--profile additionally ingests the same records in-process under cProfile (central side only)
and prints the top functions.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import socket
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

from central import admin, enrollment, ingest  # noqa: E402
from central.store.db import open_engine  # noqa: E402
from central.store.tables import records  # noqa: E402
from desktop.station import Station  # noqa: E402
from desktop.sync import outbox  # noqa: E402
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


def profile_ingest(db_url: str, station: Station, batch: int) -> None:
    """The central's ingestion alone, in-process, under cProfile, into a fresh database."""
    code = seed(db_url)
    engine = open_engine(db_url)
    with engine.begin() as conn:
        enrollment.enroll(conn, code, station.signer.device_id, station_public_jwk(station))
    pending = outbox.pending_batch(station, 10**9)
    wires = [p.wire for p in pending]
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


def run(label: str, db_url: str, n: int, batch: int, work: Path, profile: bool) -> float:
    code = seed(db_url)
    with central_process(db_url) as url:
        station = Station.open(work / f"station-{label}", now=AT)
        try:
            enroll(station, url, code, label="bench")
            sign_s = fill(station, n)
            # The outbox rows were just written; sync them all (the pulls are not part of the upload).
            station.engine.dispose()
            started = time.perf_counter()
            report = sync_once(station, CentralClient(url, timeout=(5.0, 300.0)),
                               Backoff(attempts=1, sleep=lambda s: None), batch_size=batch, pull=False)
            sync_s = time.perf_counter() - started
            assert report.error is None, report.error
            assert report.tally.accepted == n and report.pending == 0, report.to_json()
            engine = open_engine(db_url, migrate=False)
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(records)).scalar_one()
            engine.dispose()
            assert stored == n, stored
            rate = n / sync_s
            print(f"{label:8s} check-in (signing, durable commits): {n / sign_s:8,.0f} records/s ({sign_s:.1f} s)")
            print(f"{label:8s} sync end to end, batches of {batch}: {rate:8,.0f} records/s ({sync_s:.2f} s)"
                  f"{'' if label != 'sqlite' else ('  goal ≥ 2,000: ' + ('met' if rate >= GOAL else 'MISSED'))}")
            if profile:
                with outbox_reset(station):
                    if label == "sqlite":
                        profile_ingest(f"sqlite:///{(work / 'profile.sqlite3').as_posix()}", station, batch)
                    else:
                        with pg_schema(os.environ.get("FURUSATO_TEST_PG_URL") or db_url) as url2:
                            profile_ingest(url2, station, batch)
            return rate
        finally:
            station.close()


@contextlib.contextmanager
def outbox_reset(station: Station):
    from desktop.store.tables import outbox as outbox_table

    with station.engine.begin() as conn:
        conn.execute(outbox_table.update().values(state="pending", answered_at=None, answer=None))
    yield


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=outbox.MAX_BATCH)
    parser.add_argument("--pg", default=os.environ.get("FURUSATO_TEST_PG_URL"),
                        help="PostgreSQL URL (default $FURUSATO_TEST_PG_URL)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    rates = {}
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        work = Path(tmp)
        rates["sqlite"] = run("sqlite", f"sqlite:///{(work / 'central.sqlite3').as_posix()}", args.records,
                              args.batch, work, args.profile)
        if args.pg and not args.sqlite_only:
            with pg_schema(args.pg) as pg_url:
                rates["postgres"] = run("postgres", pg_url, args.records, args.batch, work, args.profile)
        else:
            print("postgres: skipped (no --pg / FURUSATO_TEST_PG_URL)")
    return 0 if rates["sqlite"] >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
