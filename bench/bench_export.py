"""How long the coordinator's paperwork takes on a large ledger: CSV, Excel, the printed list.

    python bench/bench_export.py [--records 100000] [--runs 3] [--list-rows 1000]

Fills a station (cached in bench/out/) with hand-recorded check-ins carrying full, sealed personal
details (bench_ledger's bulk fill: the ledger's own `prepare`, many rows a commit), then times the
real `export_attendance` to CSV and to xlsx over all of them (stream, unseal, format, write, fsync,
rename, audit) and the participant list of one activity painted to a PDF through the print path.
Every record has its own phone number, so the formatting cache never helps (the worst case).
Prints the median of `--runs` and rows per second. The window runs all of this off the GUI thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

import bench_ledger

from desktop.attendance_export import export_attendance
from desktop.station import Station
from desktop.store.attendance_stream import AttendanceScope, stream_rows
from furusato.activity import JST, Activity, ActivityKind

OUT = Path(__file__).resolve().parent / "out"
AT = datetime(2027, 3, 20, 10, 0, tzinfo=JST)
ACTIVITIES = 50


def details(n: int) -> dict:
    return {"name": f"参加者 {n}", "name_kana": "さんかしゃ", "birth_date": "1990-04-01", "postal_code": "0400001",
            "lg_code": "012025", "address_prefix": "北海道函館市五稜郭町", "address": f"{n % 50}-{n % 7}",
            "email": f"p{n}@example.jp", "phone": f"+81901{n % 10_000_000:07d}", "gender": "female", "conditions": None,
            "accepted_at": None, "guardian_consent": None, "minor": False}


def fill(station: Station, records: int) -> None:
    first = AT - timedelta(days=400)
    for n in range(ACTIVITIES):
        station.activities.upsert(Activity(
            id=f"bench-{n}", title=f"計測活動 {n}", kind=ActivityKind.DESIGNATED_PROJECT, designating_lg="152102",
            venue_lg="152102", starts_at=first, ends_at=AT + timedelta(days=30), content="除雪", place="公民館",
        ))
    # The ledger's own bulk fill (bench_ledger): a real signed chain, many rows a commit.
    bench_ledger.fill(station, records, lambda n: (AT - timedelta(minutes=n * 3), f"bench-{n % ACTIVITIES}",
                                                    f"manual:bench{n:09d}", details(n)))


def timed(fn, runs: int) -> tuple[float, list[float], float]:
    """Median wall time, every wall time, and the median CPU time of this process (less load-bound)."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), times, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--list-rows", type=int, default=1000, help="rows of the printed participant list")
    args = parser.parse_args()
    folder = OUT / f"export-{args.records}"
    folder.mkdir(parents=True, exist_ok=True)
    station = Station.open(folder, now=AT)
    try:
        fill(station, args.records)
        rows = station.ledger.size()
        print(f"ledger: {rows:,} records; load {os.getloadavg()[0]:.2f}")
        for fmt in ("csv", "xlsx"):
            out = folder / f"all.{fmt}"
            median, times, cpu = timed(lambda fmt=fmt, out=out: export_attendance(
                station, fmt, out, AttendanceScope(), via="cli"), args.runs)
            print(f"{fmt}: {rows:,} rows, median {median:.2f} s ({rows / median:,.0f} rows/s), "
                  f"runs {', '.join(f'{t:.2f}' for t in times)} s, CPU {cpu:.2f} s ({rows / cpu:,.0f} rows/s), "
                  f"file {out.stat().st_size / 1e6:.1f} MB")
        paint_list(station, folder, args.list_rows, args.runs)
    finally:
        station.close()
    print(f"load after: {os.getloadavg()[0]:.2f}")


def paint_list(station: Station, folder: Path, count: int, runs: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # noqa: TID251 (the print path is Qt's)

    from desktop.ui import printing
    from desktop.ui.participant_list import MARGIN_MM, ParticipantSheet, paint_participant_list

    app = QApplication.instance() or QApplication([])
    activity = station.activities.get("bench-0")
    rows = list(stream_rows(station.engine, station.ledger, AttendanceScope(activity.id)))[:count]
    sheet = ParticipantSheet(activity, "152102", rows, AT)
    pages: list[int] = []
    median, times, cpu = timed(lambda: pages.append(paint_participant_list(
        printing.a4_printer(printing.LANDSCAPE, MARGIN_MM, pdf=folder / "list.pdf"), sheet)), runs)
    print(f"participant list: {len(rows):,} rows on {pages[-1]} pages, median {median:.2f} s, "
          f"runs {', '.join(f'{t:.2f}' for t in times)} s, CPU {cpu:.2f} s")
    del app


if __name__ == "__main__":
    main()
