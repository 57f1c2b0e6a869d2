"""How long the station takes to count a participant's progress at check-in, in a 100,000-record ledger.

    python bench/bench_progress.py [--records 100000] [--heavy 600] [--samples 200]

A check-in queue runs at about 30 a minute; the count runs off the GUI thread after each one and
should stay far below a scan's 2 s. The filled station is cached in bench/out/. One "heavy" person
has `--heavy` check-ins spread over the last 400 days at a few activities (a daily volunteer);
everybody else has one or two. Prints median, p95 and max of `desktop.progress.station_progress`
(the SQL read of the window's rows plus parse and evaluate by the real engine) for the heavy person,
a one-visit person and a stranger, and how much of the heavy figure is the SQL alone.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desktop.progress import attendance_rows, station_progress
from desktop.station import Station
from desktop.store import tables
from furusato.activity import JST, Activity, ActivityKind, local_day
from furusato.ledger_record import GENESIS

OUT = Path(__file__).resolve().parent / "out"
AT = datetime(2027, 3, 20, 10, 0, tzinfo=JST)
VENUES = ["152102", "152102", "152102", "150002", "152081", "131016"]  # 十日町市, 新潟県, 小千谷市, 千代田区
ACTIVITIES = 60
HEAVY = "card:heavy-volunteer-0001"
LIGHT = "card:bench000000123"


def seed_activities(station: Station) -> None:
    first = AT - timedelta(days=420)
    for n in range(ACTIVITIES):
        station.activities.upsert(Activity(
            id=f"bench-{n}", title=f"計測活動 {n}", kind=ActivityKind.DESIGNATED_PROJECT,
            designating_lg="152102", venue_lg=VENUES[n % len(VENUES)],
            starts_at=first, ends_at=AT + timedelta(days=30), source="local",
        ))


def fill(station: Station, records: int, heavy: int) -> None:
    """Bulk-build a real chain (the ledger's own `prepare`), many rows a commit, as bench_ledger does."""
    ledger = station.ledger
    with station.engine.connect() as conn:
        tail = conn.execute(select(tables.ledger.c.seq, tables.ledger.c.hash)
                            .order_by(tables.ledger.c.seq.desc()).limit(1)).first()
    seq, prev = (tail.seq, tail.hash) if tail else (0, GENESIS)
    started = time.perf_counter()
    every = max(1, records // heavy)
    while seq < records:
        rows: dict[str, list] = {"ledger": [], "details": [], "outbox": [], "attendance": []}
        for n in range(seq + 1, min(seq + 20_000, records) + 1):
            at = AT - timedelta(minutes=n * 5)  # 100,000 records span about 350 days
            if n % every == 0:
                activity, person = f"bench-{(n // every) % 5}", HEAVY
            else:
                activity, person = f"bench-{n % ACTIVITIES}", f"card:bench{n // 2:09d}"
            prepared = ledger.prepare(n, prev, "checkin", activity, local_day(at), at, person,
                                      {"name": f"参加者 {n}"}, None)
            prev = prepared.appended.hash
            rows["ledger"].append(prepared.ledger_row)
            rows["details"].append(prepared.details_row)
            rows["outbox"].append({**prepared.outbox_row, "state": "sent"})
            rows["attendance"].append({
                "record_id": prepared.appended.record_id, "activity_id": activity,
                "day": local_day(at).isoformat(), "person_key": person, "entry_at": at.isoformat(),
                "status": "active",
            })
        with station.engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(tables.ledger.insert(), rows["ledger"])
            conn.execute(tables.personal_details.insert(), rows["details"])
            conn.execute(tables.outbox.insert(), rows["outbox"])
            # One active check-in per person, activity and day: a second one that day is skipped.
            conn.execute(tables.attendance.insert().prefix_with("OR IGNORE"), rows["attendance"])
        seq += len(rows["ledger"])
        print(f"  filled {seq:,} records ({time.perf_counter() - started:.0f} s)", flush=True)


def timed(fn, samples: int) -> list[float]:
    fn()  # warm: compiled statement, master loaded
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def report(label: str, timings: list[float]) -> None:
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(f"{label}: median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--heavy", type=int, default=600, help="check-ins of the heavy person")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    folder = OUT / f"progress-{args.records}-{args.heavy}"
    folder.mkdir(parents=True, exist_ok=True)
    station = Station.open(folder, now=AT)
    try:
        seed_activities(station)
        fill(station, args.records, args.heavy)
        day = local_day(AT)
        size = station.ledger.size()
        rows = attendance_rows(station.engine, HEAVY, day)
        heavy = station_progress(station, HEAVY, day)
        print(f"ledger: {size:,} records; heavy person: {len(rows)} check-ins in the window, "
              f"count {heavy.count}/{heavy.required} for {heavy.lg}")
        report("heavy person, whole count", timed(lambda: station_progress(station, HEAVY, day), args.samples))
        report("heavy person, SQL only   ", timed(lambda: attendance_rows(station.engine, HEAVY, day), args.samples))
        report("one-visit person         ", timed(lambda: station_progress(station, LIGHT, day), args.samples))
        report("unknown person           ", timed(lambda: station_progress(station, "card:nobody-here", day),
                                                  args.samples))
    finally:
        station.close()


if __name__ == "__main__":
    main()
