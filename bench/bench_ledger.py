"""Check-in commit latency with 1,000,000 records already in the ledger (issue 2: p95 < 5 ms).

    python bench/bench_ledger.py [--records 1000000] [--samples 500] [--keep]

The filled station is cached in bench/out/ so a second run measures at once. Each sample is one
real manual-free check-in through `Ledger.check_in`: tail lookup, duplicate check, signing,
four inserts and a durable (synchronous=FULL, WAL) commit.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desktop.station import Station
from desktop.store import tables
from furusato.activity import JST, local_day
from furusato.ledger_record import GENESIS

OUT = Path(__file__).resolve().parent / "out"
AT = datetime(2026, 11, 22, 10, 0, tzinfo=JST)


def card_check_in(n: int) -> tuple[datetime, str, str, dict]:
    """Record n of the filled ledger: (time, activity, person, details)."""
    return AT - timedelta(minutes=n), f"bench-{n % 500}", f"card:bench{n:09d}", {"name": f"参加者 {n}"}


def fill(station: Station, records: int, record=card_check_in) -> None:
    """Bulk-build a real chain: the ledger's own `prepare` (payload, hash, signature), many rows a commit.

    `record(n)` gives the n-th check-in's (time, activity, person, details)."""
    ledger = station.ledger
    with station.engine.connect() as conn:
        tail = conn.execute(select(tables.ledger.c.seq, tables.ledger.c.hash).order_by(tables.ledger.c.seq.desc()).limit(1)).first()
    seq, prev = (tail.seq, tail.hash) if tail else (0, GENESIS)
    started = time.perf_counter()
    while seq < records:
        rows: dict[str, list] = {"ledger": [], "details": [], "outbox": [], "attendance": []}
        for n in range(seq + 1, min(seq + 20_000, records) + 1):
            at, activity, person, details = record(n)
            prepared = ledger.prepare(n, prev, "checkin", activity, local_day(at), at, person, details, None)
            prev = prepared.appended.hash
            rows["ledger"].append(prepared.ledger_row)
            rows["details"].append(prepared.details_row)
            rows["outbox"].append(prepared.outbox_row)
            rows["attendance"].append({
                "record_id": prepared.appended.record_id, "activity_id": activity, "day": local_day(at).isoformat(),
                "person_key": person, "entry_at": at.isoformat(), "status": "active",
            })
        with station.engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(tables.ledger.insert(), rows["ledger"])
            conn.execute(tables.personal_details.insert(), rows["details"])
            conn.execute(tables.outbox.insert(), rows["outbox"])
            conn.execute(tables.attendance.insert(), rows["attendance"])
        seq += len(rows["ledger"])
        print(f"  filled {seq:,} records ({time.perf_counter() - started:.0f} s)", flush=True)


def measure(station: Station, samples: int) -> list[float]:
    timings = []
    for n in range(samples):
        started = time.perf_counter()
        station.ledger.check_in(
            activity_id="demo-jichikai", day=AT.date(), at=AT, person_key=f"card:sample{time.time_ns()}{n}",
            details={"name": "計測 太郎"},
        )
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    folder = OUT / f"ledger-{args.records}"
    folder.mkdir(parents=True, exist_ok=True)
    station = Station.open(folder, now=AT)
    try:
        fill(station, args.records)
        size = station.ledger.size()
        timings = measure(station, args.samples)
    finally:
        station.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"ledger size before sampling: {size:,} records")
    print(f"check-in commit over {len(timings)} samples: median {statistics.median(timings):.2f} ms, "
          f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")


if __name__ == "__main__":
    main()
