"""Scanner-gun bursts through the real window under Xvfb: how many are recorded, and how soon.

    python bench/bench_wedge_x11.py [--bursts 30] [--delays 2,4,8] [--suffixes enter,none]

A demo station (the demo chosen, as on its first-run screen) trusting a bench platform key runs as
`python -m desktop` in its own process on a fresh Xvfb + openbox (tests/x11/xserver.py); its first
activity is opened from the picker. Each
burst is a fresh card typed by xdotool at the given delay a key (Shift around capitals, as X11
sends them), then its suffix (Enter, or none: the burst ends by silence). Reported per delay and
suffix: bursts recorded of those sent, and the time from the last key to the check-in row in the
station's database (median, p95) — counted from xdotool returning, which is half a key's delay after
the last key, so the Enter/Tab figures are a few ms short. No test asserts any of these figures.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop import first_run, paths  # noqa: E402
from desktop.station import Station  # noqa: E402
from furusato.card_token import issue_card  # noqa: E402
from furusato.keys import KeySet, generate_key, save_jwks  # noqa: E402
from tests.x11.station_window import PASSPHRASE, RealWindow, StationFolder  # noqa: E402
from tests.x11.xserver import XServer, missing_tools  # noqa: E402

SUFFIX = {"enter": "\r", "tab": "\t", "none": ""}
WAIT_S = 10.0  # a burst not recorded by then counts as lost


def _recorded_at(db: sqlite3.Connection, sub: str, deadline: float) -> float | None:
    while time.monotonic() < deadline:
        if db.execute("SELECT 1 FROM attendance WHERE person_key = ?", (f"card:{sub}",)).fetchone():
            return time.monotonic()
        time.sleep(0.002)
    return None


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bursts", type=int, default=30, help="bursts per delay and suffix")
    parser.add_argument("--delays", default="2,4,8", help="ms a key, comma-separated")
    parser.add_argument("--suffixes", default="enter,none", help="enter, tab, none")
    args = parser.parse_args()
    if missing_tools():
        raise SystemExit(f"needs {', '.join(missing_tools())}")
    delays = [float(d) for d in args.delays.split(",")]
    suffixes = args.suffixes.split(",")
    key = generate_key()
    serial = itertools.count()
    with tempfile.TemporaryDirectory(prefix="bench-wedge-") as tmp:
        tmp = Path(tmp)
        x = XServer(tmp / "logs")
        station = StationFolder(tmp / "station")
        station.protect()
        save_jwks(paths.trusted_keys_file(station.root), KeySet.of(key).to_jwks())
        os.environ["FURUSATO_FIELD_PASSPHRASE"] = PASSPHRASE
        demo = Station.open(station.root)
        first_run.choose_demo(demo)  # what the first-run screen's demo button does: straight to the picker
        demo.close()
        window = RealWindow(x, station, "bench")
        try:
            window.sign_in()
            x.key("Return")  # the picker's first activity (open today) is selected: open it
            db = sqlite3.connect(f"file:{station.root / 'station.sqlite3'}?mode=ro", uri=True)
            print(f"load before: {os.getloadavg()[0]:.2f}; {args.bursts} bursts per row")
            print("| ms a key | suffix | recorded | last key → recorded, median | p95 |")
            print("|---|---|---|---|---|")
            for delay in delays:
                for suffix in suffixes:
                    latencies, lost = [], 0
                    for _ in range(args.bursts):
                        sub = f"bench-wedge-{next(serial):05d}"
                        token = issue_card(key, iss="https://bench.test", sub=sub, name="Bench", days=1)
                        window.scan(token, SUFFIX[suffix], delay_ms=delay)
                        sent = time.monotonic()
                        done = _recorded_at(db, sub, sent + WAIT_S)
                        if done is None:
                            lost += 1
                        else:
                            latencies.append((done - sent) * 1000)
                    recorded = args.bursts - lost
                    median = f"{statistics.median(latencies):.0f} ms" if latencies else "—"
                    p95 = f"{_p95(latencies):.0f} ms" if latencies else "—"
                    print(f"| {delay:g} | {suffix} | {recorded}/{args.bursts} | {median} | {p95} |", flush=True)
            print(f"load after: {os.getloadavg()[0]:.2f}")
            db.close()
            log = "".join(p.read_text("utf-8", "replace") for p in (station.root / "logs").glob("*.log*"))
            # The station logs a long burst it handed back as typing (lengths only): a burst split in two.
            print(f"bursts handed back as typing: {log.count('were handed back as typing')}; scans taken: "
                  f"{log.count('scanner gun: ')}")
        finally:
            window.alt_f4()
            window.wait_exit(60)
            x.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
