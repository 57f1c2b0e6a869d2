"""Many stations at once: aggregate ingestion of the real central under `serve --workers N`.

    python bench/bench_concurrency.py [--records 2000] [--stations 1,4,8] [--workers 1,2] [--runs 3]
                                      [--pg postgresql+psycopg://...] [--sqlite-only]

For each database (a SQLite file; PostgreSQL in a schema of its own when --pg or FURUSATO_TEST_PG_URL
is given), each worker count and each number of stations, a fresh database gets the stations
enrolled, the central is started as operators start it (`python -m central --db URL serve --workers
N`, its own processes), and every station — a process of its own — uploads its 2,000 records at the
same moment, in batches of 500 in sequence order, each batch waiting for its answer as the outbox
does. The records are in the station's wire format (signed detached JWS, salted personal details
that the central checks against the digest and seals), built beforehand by
`tests/central/station_sim.py`, so the stations spend almost no CPU of their own.

Reported per run: aggregate records/s (all records / wall time from the common start to the last
answer), the central's CPU per record (user+system time of all its processes, from /proc), and the
records the database holds afterwards (must be all of them). The floor is measured in the same run,
in this process, on the same rows: Ed25519 verification with `cryptography` plus a batched insert
(executemany, 500 a transaction) of the same record rows into a fresh database of the same kind.
Goals (issue 13): end to end ≥ 0.7 × the single-core floor per worker; 2 workers ≥ 1.6 × 1 worker on
PostgreSQL. Wall-time rates suffer from whatever else the machine runs, so the table also gives
the floor's CPU per record divided by the central's (what the ratio would be on an idle core). The
median of --runs is reported; the load average is printed at start and end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from central import admin, enrollment  # noqa: E402
from central.store.db import insert_rows, open_engine  # noqa: E402
from central.store.tables import records  # noqa: E402
from furusato import ledger_record as rec  # noqa: E402
from tests.central.server import postgres_schema  # noqa: E402
from tests.central.station_sim import StationSim  # noqa: E402
from tests.hostile.central_process import CentralProcess  # noqa: E402

LG = "152102"
ACTIVITY = "bench-many"
BATCH = 500
TICKS = os.sysconf("SC_CLK_TCK")


def build_station(n: int) -> tuple[StationSim, list[bytes], list[dict]]:
    """A station's n signed records as request bodies of BATCH records, and the wires themselves."""
    station = StationSim()
    wires = []
    for i in range(n):
        details = {"name": f"参加者 {i}", "birth_date": "1990-04-01", "phone": "090-1234-5678",
                   "email": f"p{i}@example.jp"}
        wires.append(station.record(activity=ACTIVITY, day=f"2026-11-{1 + i % 28:02d}",
                                    person=f"card:bench{i % 997:05d}", details=details))
    bodies = [json.dumps({"device_id": station.device_id, "records": wires[i:i + BATCH]},
                         ensure_ascii=False, separators=(",", ":")).encode("utf-8")
              for i in range(0, n, BATCH)]
    return station, bodies, wires


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICKS


def upload(url: str, bodies: list[bytes], start, done_queue) -> None:
    import requests

    session = requests.Session()
    start.wait()
    began = time.perf_counter()
    for body in bodies:
        reply = session.post(url + "/v1/records", data=body, headers={"Content-Type": "application/json"},
                             timeout=600)
        reply.raise_for_status()
        results = reply.json()["results"]
        if any(r["status"] != "accepted" for r in results):
            done_queue.put(("error", [r for r in results if r["status"] != "accepted"][:3]))
            return
    done_queue.put(("ok", time.perf_counter() - began))


@contextlib.contextmanager
def fresh_database(kind: str, work: Path, pg_url: str | None):
    if kind == "sqlite":
        yield f"sqlite:///{(work / f'central-{uuid.uuid4().hex[:8]}.sqlite3').as_posix()}"
        return
    with postgres_schema(pg_url) as url:
        yield url


def seed(db_url: str, stations: list[StationSim]) -> None:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id=ACTIVITY, title="ベンチマーク", kind="designated_project", venue=LG,
                              start="2026-11-01T08:00", end="2026-11-30T17:00")
        for st in stations:
            enrollment.enroll(conn, enrollment.new_code(conn, LG)["code"], st.device_id, st.public_jwk(), "bench")
    engine.dispose()


def one_run(kind: str, workers: int, built: list, work: Path, pg_url: str | None) -> dict:
    stations = [s for s, _, _ in built]
    n = sum(len(w) for _, _, w in built)
    with fresh_database(kind, work, pg_url) as db_url:
        seed(db_url, stations)
        central = CentralProcess(db_url, work, workers=workers if workers > 1 else None)
        try:
            ctx = multiprocessing.get_context("fork")
            start, done_queue = ctx.Event(), ctx.Queue()
            clients = [ctx.Process(target=upload, args=(central.url, bodies, start, done_queue))
                       for _, bodies, _ in built]
            for p in clients:
                p.start()
            time.sleep(0.5)  # every client connected and waiting
            pids = central.pids()
            cpu_before = cpu_seconds(pids)
            began = time.perf_counter()
            start.set()
            outcomes = [done_queue.get(timeout=1800) for _ in clients]
            wall = time.perf_counter() - began
            cpu = cpu_seconds(pids) - cpu_before
            for p in clients:
                p.join(30)
        finally:
            central.stop()
        errors = [o for o in outcomes if o[0] != "ok"]
        if errors:
            raise RuntimeError(f"{kind} {workers}w: {errors[:2]}")
        engine = open_engine(db_url, migrate=False)
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(records)).scalar_one()
        engine.dispose()
    if stored != n:
        raise RuntimeError(f"{kind} {workers}w: {stored} stored of {n}")
    return {"rate": n / wall, "cpu_us": cpu / n * 1e6, "wall": wall}


def floor(kind: str, built: list, work: Path, pg_url: str | None) -> tuple[float, float]:
    """Ed25519 verify (cryptography) + batched insert of the same rows, one process:
    (records/s of wall time, CPU µs per record of this process)."""
    from furusato.ed25519_jws import b64url_decode

    wires = [(s, w) for s, _, ws in built for w in ws]
    cpu_began = time.process_time()
    began = time.perf_counter()
    for station, wire in wires:
        header, _, sig = wire["sig"].partition("..")
        station.key.public_key.verify(b64url_decode(sig), header.encode() + b"." + wire["payload"].encode())
    verified = time.perf_counter() - began
    cpu_verified = time.process_time() - cpu_began
    with fresh_database(kind, work, pg_url) as db_url:
        seed(db_url, [s for s, _, _ in built])
        engine = open_engine(db_url)
        rows = []
        for station, wire in wires:
            body = json.loads(wire["payload"])
            rows.append({"record_id": body["id"], "device_id": station.device_id, "seq": body["seq"],
                         "hash": rec.digest(wire["payload"].encode()), "payload": wire["payload"], "sig": wire["sig"],
                         "details": None, "type": body["type"], "activity_id": body["activity"], "day": body["day"],
                         "person": body["person"], "station_at": body["at"], "received_at": "2026-11-22T01:00:00+00:00",
                         "flags": []})
        cpu_began = time.process_time()
        began = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            with engine.begin() as conn:
                insert_rows(conn, records, rows[i:i + BATCH])
        inserted = time.perf_counter() - began
        cpu_inserted = time.process_time() - cpu_began
        engine.dispose()
    return len(wires) / (verified + inserted), (cpu_verified + cpu_inserted) / len(wires) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000, help="records per station")
    parser.add_argument("--stations", default="1,4,8")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("FURUSATO_TEST_PG_URL"))
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    counts = [int(c) for c in args.stations.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    kinds = ["sqlite"] + (["postgres"] if args.pg and not args.sqlite_only else [])
    print(f"load at start: {os.getloadavg()}  cores: {os.cpu_count()}", flush=True)
    pool = [build_station(args.records) for _ in range(max(counts))]
    lines = ["| database | workers | stations | records/s (median) | central CPU µs/record | floor records/s | "
             "e2e ÷ (floor × workers) | floor CPU ÷ central CPU | vs 1 worker |", "|---|---|---|---|---|---|---|---|---|"]
    floor_lines = ["| database | floor records/s | floor CPU µs/record |", "|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench-many-") as tmp:
        work = Path(tmp)
        for kind in kinds:
            floors = [floor(kind, pool[:1], work, args.pg) for _ in range(args.runs)]
            floor_rate = statistics.median(f[0] for f in floors)
            floor_cpu = statistics.median(f[1] for f in floors)
            print(f"{kind}: floor (verify + batched insert, one process) {floor_rate:,.0f} records/s "
                  f"({', '.join(f'{f[0]:,.0f}' for f in floors)}), {floor_cpu:,.0f} CPU µs/record", flush=True)
            floor_lines.append(f"| {kind} | {floor_rate:,.0f} | {floor_cpu:,.0f} |")
            by_workers: dict[tuple[int, int], float] = {}
            for stations in counts:
                for workers in worker_counts:
                    runs = [one_run(kind, workers, pool[:stations], work, args.pg) for _ in range(args.runs)]
                    rate = statistics.median(r["rate"] for r in runs)
                    cpu = statistics.median(r["cpu_us"] for r in runs)
                    by_workers[(stations, workers)] = rate
                    base = by_workers.get((stations, 1))
                    ratio = f"{rate / base:.2f}×" if base and workers > 1 else "—"
                    each = ", ".join(f"{r['rate']:,.0f}" for r in runs)
                    line = (f"| {kind} | {workers} | {stations} | **{rate:,.0f}** "
                            f"({each}) | {cpu:,.0f} | {floor_rate:,.0f} | "
                            f"{rate / (floor_rate * workers):.2f} | {floor_cpu / cpu:.2f} | {ratio} |")
                    lines.append(line)
                    print(line, flush=True)
    print(f"load at end: {os.getloadavg()}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "concurrency.md").write_text("\n".join(floor_lines + [""] + lines) + "\n", encoding="utf-8")
    print("\n".join(floor_lines + [""] + lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
