"""Instant at any size (issue 16): the station's GUI-thread work, start-up and commit at 10,000,
100,000 and 1,000,000 records, measured interleaved in one run on the real window (offscreen).

    QT_QPA_PLATFORM=offscreen python bench/bench_scale.py [--sizes 10000,100000,1000000] [--rounds 5]

Ledgers come from bench/scale_ledger.py (one activity, 10 days × N/10 check-ins, real shapes;
built once and cached in bench/out/), and are copied for the run, which writes to them. Each
round takes every operation at every size in turn, so drift and other load fall on all alike:

- scan: a new card submitted as the scanner does; the time the GUI thread spends on its result
  (the page's slot and the layout and paint it causes), not the worker's commit
- check-in page: opening the activity from the picker until painted
- attendance list: from the check-in page until painted (today's rows, as F3 opens it)
- keystroke: one key into its search box until the filtered list is painted (typing "佐藤 美咲"
  key by key, then "田", then "090")
- CSV: every row of the activity to a file, through the page's paperwork (desktop/ui/
  attendance_paperwork.py, on its background thread: the event-loop figure is the window's
  meanwhile; in the first round only)
- start-up: a fresh process until the main window has painted and its event loop turned
  (imports, opening the station and the window; not the passphrase dialog), beside a
  10-record station
- `activities`: the command, as a process, beside the 10-record station
- commit: `Ledger.check_in` against the raw-sqlite floor — the same four INSERTs on the same
  file with the same pragmas (WAL, synchronous=FULL, one BEGIN IMMEDIATE transaction) — sample by
  sample in turn

For every GUI operation the event loop's longest block is taken by a 2 ms QTimer heartbeat
(lateness of its ticks). Figures: median and p95 over the run; the table goes to stdout and
bench/out/scale.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale_ledger  # noqa: E402

OUT = ROOT / "bench" / "out"
SMALL = 10
GOALS = {"scan": "≤ 5 ms p95 at 100k", "attendance": "≤ 150 ms at 100k", "keystroke": "≤ 50 ms at 100k",
         "startup": "1M within 1.15× of 10", "commit": "≤ 2× floor at 10k and 1M"}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]


# --- the child processes ---------------------------------------------------------------------------

def child_startup(folder: str) -> int:
    """The window on `folder` as app.run_window builds it (without the passphrase dialog): prints
    `ready <s>` once it has painted and its loop turned, then `after <ms> <s>`: the loop's longest
    block in the next 2 s while the background work (pending count, search backfill) runs, and when
    the pending count arrived."""
    started = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: TID251 (a UI bench)

    from desktop.privacy import key_store
    from desktop.privacy.log_redaction import configure_logging
    from desktop.station import Station
    from desktop.ui.app import _application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.translations import ensure_compiled

    app = _application()
    ensure_compiled("en")
    root = Path(folder)
    configure_logging(root)
    station = Station.open(root, data_key=key_store.unlock(root, None))
    window = MainWindow(station, source_factory=None, sync=False)
    painted = []

    class FirstPaint(QObject):
        def eventFilter(self, _watched, event):  # noqa: N802
            if event.type() == QEvent.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    watcher = FirstPaint()
    window.picker.table.viewport().installEventFilter(watcher)
    window.resize(1366, 768)
    window.show()
    window.picker.focus_search()
    state = {"ready": None, "last": None, "late": 0.0, "counted": None}

    def turned():
        if not painted:
            QTimer.singleShot(0, turned)
            return
        state["ready"] = state["last"] = time.perf_counter()
        print(f"ready {state['ready'] - started:.4f} {time.process_time():.4f}", flush=True)
        beat.start(2)

    def tick():
        now = time.perf_counter()
        state["late"] = max(state["late"], now - state["last"] - 0.002)
        state["last"] = now
        if state["counted"] is None and window.status.pending_records is not None:
            state["counted"] = now - started
        if now - state["ready"] > 2.0:
            beat.stop()
            print(f"after {state['late'] * 1000:.1f} {state['counted'] or -1:.3f}", flush=True)
            app.quit()

    beat = QTimer()
    beat.timeout.connect(tick)
    QTimer.singleShot(0, turned)
    app.exec()
    window.shutdown()
    window.deleteLater()
    app.processEvents()
    station.close()
    return 0


def _run_startup(folder: Path) -> tuple[float, float, float, float]:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--child-startup", str(folder)], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    ready = after = counted = cpu = None
    for line in child.stdout:
        if line.startswith("ready"):
            ready = time.perf_counter() - started
            cpu = float(line.split()[2])
        elif line.startswith("after"):
            _, late, count_at = line.split()
            after, counted = float(late), float(count_at)
    child.wait(60)
    if ready is None or after is None:
        raise RuntimeError(f"start-up child for {folder} failed (exit {child.returncode})")
    return ready * 1000, after, counted * 1000, cpu * 1000


def _run_activities(folder: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(folder), "activities"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0 or not isinstance(json.loads(done.stdout), list):
        raise RuntimeError(f"activities failed: {done.stderr[-500:]}")
    return elapsed


# --- in this process: the windows ------------------------------------------------------------------

class Heartbeat:
    """A 2 ms timer; `block_ms` is the longest its ticks came late since `reset()`."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer  # noqa: TID251

        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start(2)

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.late = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late = max(self.late, now - self.last - 0.002)
        self.last = now

    @property
    def block_ms(self) -> float:
        return max(self.late, time.perf_counter() - self.last - 0.002) * 1000


class Site:
    """One station (a copy of a built ledger) with its real main window."""

    def __init__(self, records: int, folder: Path, last_day):
        from desktop.privacy import key_store
        from desktop.station import Station
        from desktop.ui.main_window import MainWindow
        from desktop.ui.settings_registry import StationSettings
        from furusato.activity import JST

        self.records = records
        self.folder = folder
        self.noon = datetime.combine(last_day, clock_time(12, 0), JST)
        self.clock_now = self.noon
        self.station = Station.open(folder, now=self.noon, data_key=key_store.unlock(folder, None))
        settings = StationSettings(folder / "bench-settings.json")
        settings.set("sound_enabled", False)
        settings.set("idle_lock_minutes", 0)
        self.window = MainWindow(self.station, clock=lambda: self.clock_now, settings=settings,
                                 source_factory=None, sync=False)
        self.window.resize(1366, 768)
        self.window.show()
        self.activity = self.station.activities.get(scale_ledger.ACTIVITY_ID)
        self.platform = scale_ledger.platform_key(folder)
        self.cards = 0
        self.slot_ms: list[float] = []
        self.paint_ms: list[float] = []
        self.slot_cpu_ms: list[float] = []  # the GUI thread's own CPU time: what load from others cannot inflate
        self.paint_cpu_ms: list[float] = []
        page = self.window.checkin
        # Time the page's own slot for results: disconnect it and call it from a timed one.
        from PySide6.QtCore import Qt  # noqa: TID251

        self.window.worker.finished.disconnect(page._on_result)
        self.window.worker.finished.connect(self._timed_result, Qt.QueuedConnection)

    def _timed_result(self, tag, result) -> None:
        from PySide6.QtWidgets import QApplication  # noqa: TID251

        page = self.window.checkin
        started, started_cpu = time.perf_counter(), time.thread_time()
        page._on_result(tag, result)
        slot, slot_cpu = time.perf_counter(), time.thread_time()
        QApplication.processEvents()  # the layout and paint the result asks for, now rather than next turn
        self.slot_ms.append((slot - started) * 1000)
        self.slot_cpu_ms.append((slot_cpu - started_cpu) * 1000)
        self.paint_ms.append((time.perf_counter() - slot) * 1000)
        self.paint_cpu_ms.append((time.thread_time() - slot_cpu) * 1000)

    def card(self) -> str:
        from furusato.card_token import issue_card

        self.cards += 1
        return issue_card(self.platform, iss="https://platform.test", sub=f"bench-{os.getpid()}-{self.cards:06d}",
                          name=f"計測 {self.cards}号", iat=int(self.noon.timestamp()) - 86400, days=30)

    def close(self) -> None:
        self.window.shutdown()
        self.window.deleteLater()
        self.station.close()


def _spin(app) -> None:
    """One turn of the event loop that sleeps until something happens (the heartbeat ticks every
    2 ms): a busy loop here would hold the GIL against the worker threads being measured."""
    from PySide6.QtCore import QEventLoop  # noqa: TID251

    app.processEvents(QEventLoop.AllEvents | QEventLoop.WaitForMoreEvents)


def _settle(app, seconds: float = 0.05) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        _spin(app)


def _painted(app, _widget) -> None:
    """Until what changed is painted: the posted layout and update requests, as the loop runs them
    (only the dirty parts are painted, as in use; a forced repaint would paint the whole page)."""
    app.processEvents()
    app.processEvents()


def measure_scan(app, site: Site, beat: Heartbeat, scans: int) -> tuple[dict[str, list[float]], float]:
    page = site.window.checkin
    if site.window.pages.currentWidget() is not page:
        site.window.open_activity(site.activity)
    _settle(app)
    block = 0.0
    before = len(site.slot_ms)
    for _ in range(scans):
        site.clock_now += timedelta(seconds=3)
        token = site.card()
        beat.reset()
        wanted = len(site.slot_ms) + 1
        page.submit_token(token, "bench")
        deadline = time.perf_counter() + 30
        while len(site.slot_ms) < wanted:
            _spin(app)
            if time.perf_counter() > deadline:
                raise TimeoutError("no result")
        block = max(block, beat.block_ms)
        assert str(page.panel.result.outcome) == "recorded", page.panel.result
    return {"scan": site.slot_ms[before:], "scan_cpu": site.slot_cpu_ms[before:],
            "scan_paint": site.paint_ms[before:], "scan_paint_cpu": site.paint_cpu_ms[before:]}, block


def measure_open_checkin(app, site: Site, beat: Heartbeat) -> tuple[float, float, float]:
    site.window.show_picker()
    _settle(app)
    beat.reset()
    started, cpu = time.perf_counter(), time.thread_time()
    site.window.open_activity(site.activity)
    _painted(app, site.window)
    return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000, beat.block_ms


def measure_open_attendance(app, site: Site, beat: Heartbeat) -> tuple[float, float, float]:
    if site.window.pages.currentWidget() is not site.window.checkin:
        site.window.open_activity(site.activity)
    site.window.attendance.search.clear()
    _settle(app)
    beat.reset()
    started, cpu = time.perf_counter(), time.thread_time()
    site.window.show_attendance()
    _painted(app, site.window)
    elapsed, cpu = (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000
    assert site.window.attendance.model.rowCount() > 0
    return elapsed, cpu, beat.block_ms


def measure_keystrokes(app, site: Site, beat: Heartbeat) -> tuple[list[float], list[float], float]:
    from PySide6.QtCore import QEvent, Qt  # noqa: TID251
    from PySide6.QtGui import QKeyEvent  # noqa: TID251
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    if site.window.pages.currentWidget() is not site.window.attendance:
        measure_open_attendance(app, site, beat)
    search = site.window.attendance.search
    search.setFocus()
    times, cpus, block = [], [], 0.0
    for text in ("佐藤 美咲", "田", "090"):
        search.clear()
        _settle(app)
        for ch in text:
            beat.reset()
            started, cpu = time.perf_counter(), time.thread_time()
            for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                key = Qt.Key_Space if ch == " " else (ord(ch) if ch.isascii() else Qt.Key_unknown)
                QApplication.sendEvent(search, QKeyEvent(kind, key, Qt.NoModifier, ch))
            _painted(app, site.window.attendance)
            times.append((time.perf_counter() - started) * 1000)
            cpus.append((time.thread_time() - cpu) * 1000)
            block = max(block, beat.block_ms)
        assert search.text() == text, (search.text(), text)
    search.clear()
    return times, cpus, block


def measure_csv(app, site: Site, beat: Heartbeat, out: Path) -> tuple[float, float, int]:
    """The export itself (timed where it runs, on the worker), and the window's loop meanwhile."""
    page = site.window.attendance
    if site.window.pages.currentWidget() is not page:
        measure_open_attendance(app, site, beat)
    page.day_filter.setCurrentIndex(0)  # every day: all rows of the activity
    _settle(app)
    timing = {}

    def done(value):
        timing["end"] = time.perf_counter()
        timing["rows"] = value.rows

    page.paperwork.exported.connect(done)
    beat.reset()
    timing["start"] = time.perf_counter()
    assert page.paperwork.export_to(out, "csv")  # as the CSV button does after its questions
    deadline = time.perf_counter() + 1800
    while "end" not in timing:
        _spin(app)
        if time.perf_counter() > deadline:
            raise TimeoutError("export")
    block = beat.block_ms
    page.paperwork.exported.disconnect(done)
    out.unlink()
    return (timing["end"] - timing["start"]) * 1000, block, timing["rows"]


_COMMIT_PEOPLE = itertools.count()  # a new person per sample across rounds: a repeat is a duplicate


def measure_commits(site: Site, samples: int) -> tuple[list[float], list[float]]:
    """`Ledger.check_in` and the raw floor, sample by sample in turn, on the same file."""
    ledger = site.station.ledger
    day = site.noon.date()
    raw = sqlite3.connect(site.folder / "station.sqlite3", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("PRAGMA busy_timeout=10000")
    details = {"name": "計測 太郎", "token": site.card()}
    commits, floors = [], []
    try:
        for _ in range(samples):
            n = next(_COMMIT_PEOPLE)
            at = site.noon + timedelta(microseconds=n)
            started = time.perf_counter()
            ledger.check_in(activity_id=scale_ledger.ACTIVITY_ID, day=day, at=at,
                            person_key=f"card:commit-{os.getpid()}-{n}", details=details)
            commits.append((time.perf_counter() - started) * 1000)
            seq, prev = raw.execute("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
            prepared = ledger.prepare(seq + 1, prev, "checkin", scale_ledger.ACTIVITY_ID, day, at,
                                      f"card:floor-{os.getpid()}-{n}", details, None)
            row = prepared.ledger_row
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO ledger (seq, record_id, type, activity_id, day, person_key, recorded_at, payload, "
                        "hash, sig) VALUES (:seq, :record_id, :type, :activity_id, :day, :person_key, :recorded_at, "
                        ":payload, :hash, :sig)", row)
            raw.execute("INSERT INTO personal_details (record_id, details) VALUES (:record_id, :details)",
                        prepared.details_row)
            raw.execute("INSERT INTO outbox (seq, state, attempts) VALUES (:seq, :state, :attempts)",
                        prepared.outbox_row)
            raw.execute("INSERT INTO attendance (record_id, activity_id, day, person_key, entry_at, status) "
                        "VALUES (?, ?, ?, ?, ?, 'active')",
                        (row["record_id"], row["activity_id"], row["day"], row["person_key"], row["recorded_at"]))
            raw.execute("COMMIT")
            floors.append((time.perf_counter() - started) * 1000)
    finally:
        raw.close()
    return commits, floors


# --- the run ---------------------------------------------------------------------------------------

def _copy(folder: Path, into: Path) -> Path:
    target = into / folder.name
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns("backups", "logs"))
    return target


def run(sizes: list[int], rounds: int, scans: int, samples: int) -> dict:
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from furusato.activity import JST

    last_day = datetime.now(JST).date()
    built = {n: scale_ledger.build(n, last_day) for n in sorted({SMALL, *sizes})}
    last_day = {n: datetime.fromisoformat(json.loads((f / "build.json").read_text())["last_day"]).date()
                for n, f in built.items()}
    app = QApplication.instance() or QApplication([])
    results: dict = {}

    def note(op, n, value):
        results.setdefault(op, {}).setdefault(n, []).extend(value if isinstance(value, list) else [value])

    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        copies = {n: _copy(f, Path(scratch)) for n, f in built.items()}
        sites = {n: Site(n, copies[n], last_day[n]) for n in sizes}
        beat = Heartbeat()
        try:
            for r in range(rounds):
                print(f"round {r + 1}/{rounds}", flush=True)
                for n in sorted({SMALL, *sizes}):
                    ready, after, counted, cpu = _run_startup(built[n])
                    note("startup", n, ready)
                    note("startup_cpu", n, cpu)
                    note("startup_after_block", n, after)
                    note("startup_pending_counted", n, counted)
                    note("activities", n, _run_activities(built[n]))
                for n in sizes:
                    site = sites[n]
                    elapsed, cpu, block = measure_open_checkin(app, site, beat)
                    note("checkin_open", n, elapsed)
                    note("checkin_open_cpu", n, cpu)
                    note("checkin_open_block", n, block)
                    scanned, block = measure_scan(app, site, beat, scans)
                    for op, values in scanned.items():
                        note(op, n, values)
                    note("scan_block", n, block)
                    elapsed, cpu, block = measure_open_attendance(app, site, beat)
                    note("attendance", n, elapsed)
                    note("attendance_cpu", n, cpu)
                    note("attendance_block", n, block)
                    times, cpus, block = measure_keystrokes(app, site, beat)
                    note("keystroke", n, times)
                    note("keystroke_cpu", n, cpus)
                    note("keystroke_block", n, block)
                    if r == 0:  # a million rows a file: once
                        elapsed, block, rows = measure_csv(app, site, beat, Path(scratch) / f"all-{n}.csv")
                        note("csv", n, elapsed)
                        note("csv_block", n, block)
                        note("csv_rows", n, rows)
                    commits, floors = measure_commits(site, samples)
                    note("commit", n, commits)
                    note("floor", n, floors)
        finally:
            for site in sites.values():
                site.close()
            app.processEvents()
    return results


def table(results: dict, sizes: list[int]) -> str:
    """Cells: wall median / p95 ms · the GUI thread's own CPU median (ms) · the loop's longest block (ms)."""

    def stat(op, n, how="median"):
        values = results.get(op, {}).get(n)
        if not values:
            return None
        return max(values) if how == "max" else statistics.median(values) if how == "median" else _p95(values)

    def cell(op, n, cpu=True, block=True):
        if stat(op, n) is None:
            return "—"
        text = f"{stat(op, n):.1f} / {stat(op, n, 'p95'):.1f}"
        if cpu and stat(op + "_cpu", n) is not None:
            text += f" · cpu {stat(op + '_cpu', n):.1f}"
        if block and stat(op + "_block", n) is not None:
            text += f" · block {stat(op + '_block', n, 'max'):.0f}"
        return text

    columns = sorted({SMALL, *sizes})
    lines = ["| operation (wall median / p95 ms · GUI-thread CPU median ms · event loop's longest block ms) | "
             + " | ".join(f"{n:,} records" for n in columns) + " |", "|---|" + "---|" * len(columns)]

    def row(label, op, **options):
        lines.append(f"| {label} | " + " | ".join(cell(op, n, **options) for n in columns) + " |")

    row("GUI work per recorded scan: the page's slot (tally, panel, list, status)", "scan")
    row("… then the layout and paint it causes", "scan_paint", block=False)
    row("opening the check-in page (until painted)", "checkin_open")
    row("opening the attendance list (today's rows, until painted)", "attendance")
    row("one keystroke in its search (until the list is painted)", "keystroke")
    lines.append("| CSV of all rows (background thread; wall ms · the window's longest block) | " + " | ".join(
        f"{stat('csv', n):.0f} ({int(results['csv_rows'][n][0]):,} rows) · block {stat('csv_block', n, 'max'):.0f}"
        if results.get("csv_rows", {}).get(n) else "—" for n in columns) + " |")
    row("window-ready start-up (process start → painted, loop turning; cpu: the process's)", "startup", block=False)
    lines.append("| … the event loop's longest block in the 2 s after (background counts) | " + " | ".join(
        f"{stat('startup_after_block', n, 'max'):.0f}" for n in columns) + " |")
    row("`activities` command (process)", "activities", cpu=False, block=False)
    row("check-in commit: `Ledger.check_in`", "commit", cpu=False, block=False)
    row("raw-sqlite floor: the same four INSERTs, same file and durability", "floor", cpu=False, block=False)
    lines.append("| commit ÷ floor (medians) | " + " | ".join(
        f"{stat('commit', n) / stat('floor', n):.2f}×" if stat("commit", n) else "—" for n in columns) + " |")
    big = max(columns)
    lines.append("")
    lines.append(f"start-up {big:,} ÷ {SMALL} records (medians): wall {stat('startup', big) / stat('startup', SMALL):.3f}×, "
                 f"process CPU {stat('startup_cpu', big) / stat('startup_cpu', SMALL):.3f}×")
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child-startup":
        return child_startup(sys.argv[2])
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scans", type=int, default=20, help="scans per size and round")
    parser.add_argument("--samples", type=int, default=100, help="commit samples per size and round")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    results = run(sizes, args.rounds, args.scans, args.samples)
    load_after = os.getloadavg()
    text = table(results, sizes) + (f"\n\nload average before / after: {load_before[0]:.2f} / {load_after[0]:.2f}; "
                                    f"{args.rounds} rounds, {args.scans} scans and {args.samples} commit samples "
                                    "per size and round")
    print(text)
    (OUT / "scale.md").write_text(text + "\n")
    (OUT / "scale.json").write_text(json.dumps({op: {str(n): v for n, v in by.items()} for op, by in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
