"""The Linux bundle: size on disk, tarball, and start to the first window (goals: < 250 MB, < 3 s).

    python bench/bench_bundle.py [--bundle dist/furusato-field] [--runs 7] [--platform xcb|offscreen]
                                 [--warm] [--json]

Size: `du -sb` of the folder, its largest items (the top-level entries of `_internal/` and the
largest single files), and the `.tar.gz` beside it that build-linux.sh makes.

Start: each run starts `furusato-field --data-dir D` with FURUSATO_STARTUP_PROBE=1 (installer/entry.py)
from a scrubbed environment, and the clock stops when the probe's line arrives on stderr, i.e. once
the window is shown and its event loop runs (teardown is reported apart). Two figures:

- first window: the sign-in dialog that every start shows first (guideline IV-4), on a station whose
  passphrase is already set (the usual morning start);
- main window: the probe also types the passphrase and presses Enter; this includes the unlock
  (scrypt, ~1 s by design) and opening the station.

Cold: before each run the page cache is dropped (`sync; echo 3 > /proc/sys/vm/drop_caches`, needs
root; it slows everything else on the machine for a moment). Without the permission, or with
--warm, the runs are warm and the report says so. Platform: xcb under a private Xvfb when Xvfb is
installed (what a laptop's X11 session does), else offscreen. Stdlib only: any python3 can run it.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 250
GOAL_S = 3.0
PASSPHRASE = "bench-bundle-passphrase"


def du_bytes(path: Path) -> int:
    if shutil.which("du"):
        return int(
            subprocess.run(
                ["du", "-sb", str(path)], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
    return sum(p.lstat().st_size for p in path.rglob("*"))


def size_report(bundle: Path, top: int) -> dict:
    internal = bundle / "_internal"
    items = sorted(((du_bytes(p), p.name) for p in internal.iterdir()), reverse=True)
    files = sorted(
        (
            (p.stat().st_size, str(p.relative_to(internal)))
            for p in internal.rglob("*")
            if p.is_file() and not p.is_symlink()
        ),
        reverse=True,
    )
    tarballs = sorted(glob.glob(str(bundle.parent / f"{bundle.name}-*-linux-*.tar.gz")), key=os.path.getmtime)
    return {
        "bundle_bytes": du_bytes(bundle),
        "executable_bytes": (bundle / bundle.name).stat().st_size
        if (bundle / bundle.name).exists()
        else None,
        "tarball": tarballs[-1] if tarballs else None,
        "tarball_bytes": os.path.getsize(tarballs[-1]) if tarballs else None,
        "top_items": [{"name": name, "bytes": size} for size, name in items[:top]],
        "top_files": [{"name": name, "bytes": size} for size, name in files[:top]],
    }


def can_drop_caches() -> bool:
    try:
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        return True
    except OSError:
        return False


def drop_caches() -> None:
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as handle:
        handle.write("3\n")


class Display:
    """A private Xvfb (xcb) or nothing (offscreen)."""

    def __init__(self, platform: str):
        self.platform, self.server, self.env = platform, None, {"QT_QPA_PLATFORM": platform}

    def __enter__(self):
        if self.platform != "xcb" or os.environ.get("DISPLAY"):
            if self.platform == "xcb":
                self.env["DISPLAY"] = os.environ["DISPLAY"]
            return self
        number = next(n for n in range(90, 200) if not os.path.exists(f"/tmp/.X11-unix/X{n}"))
        self.server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not os.path.exists(f"/tmp/.X11-unix/X{number}") and time.monotonic() < deadline:
            time.sleep(0.05)
        self.env["DISPLAY"] = f":{number}"
        return self

    def __exit__(self, *_exc):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=10)


def bare_env(extra: dict) -> dict:
    """The environment of a laptop that never saw this checkout (as tests/installer does)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LD_", "PYTHON", "VIRTUAL_ENV", "FURUSATO_", "QT_", "DYLD_", "DISPLAY"))
    }
    env.update(extra)
    return env


def start_once(bundle: Path, data: Path, env: dict, timeout: float = 60.0) -> dict:
    """Process start to the probe's line on stderr; then the time to exit."""
    command = [str(bundle / bundle.name), "--data-dir", str(data)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd="/"
    )
    shown, probe = None, None
    try:
        for line in process.stderr:
            if '"startup_probe"' in line:
                shown = time.perf_counter() - started
                probe = json.loads(line)["startup_probe"]
                break
        process.stderr.read()
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if shown is None:
        raise RuntimeError(f"no startup probe from {command} (exit {process.returncode})")
    return {
        "shown_s": shown,
        "exit_s": time.perf_counter() - started,
        "probe": probe,
        "rc": process.returncode,
    }


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "runs": [round(v, 3) for v in values],
    }


def measure_start(bundle: Path, runs: int, platform: str, cold: bool) -> dict:
    data = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    try:
        with Display(platform) as display:
            env = bare_env({**display.env, "FURUSATO_STARTUP_PROBE": "1"})
            unlock_env = dict(env, FURUSATO_STARTUP_PROBE_PASSPHRASE=PASSPHRASE)
            setup = start_once(bundle, data, unlock_env)  # fresh folder: sets the passphrase (untimed)
            if not setup["probe"]["main_window"]:
                raise RuntimeError(f"the probe did not get past the sign-in: {setup}")
            first, main, in_process, teardown = [], [], [], []
            for _ in range(runs):
                if cold:
                    drop_caches()
                run = start_once(bundle, data, env)
                first.append(run["shown_s"])
                in_process.append(run["probe"]["first_window"]["seconds"])
                if cold:
                    drop_caches()
                run = start_once(bundle, data, unlock_env)
                main.append(run["shown_s"])
                teardown.append(run["exit_s"] - run["shown_s"])
            return {
                "platform": platform,
                "cold": cold,
                "first_window_s": summary(first),
                "first_window_in_process_s": summary(in_process),
                "main_window_s": summary(main),
                "main_window_teardown_s": summary(teardown),
                "first_window_title": run["probe"]["first_window"]["title"],
            }
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", default=str(ROOT / "dist" / "furusato-field"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", choices=("xcb", "offscreen"), default=None)
    parser.add_argument("--warm", action="store_true", help="do not drop the page cache between runs")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--json", action="store_true", help="also print the whole report as one JSON line")
    args = parser.parse_args(argv)
    bundle = Path(args.bundle).resolve()
    if not (bundle / bundle.name).is_file():
        print(f"no bundle at {bundle} (./installer/build-linux.sh)", file=sys.stderr)
        return 2
    platform = args.platform or ("xcb" if os.environ.get("DISPLAY") or shutil.which("Xvfb") else "offscreen")
    cold = not args.warm and can_drop_caches()

    size = size_report(bundle, args.top)
    start = measure_start(bundle, args.runs, platform, cold)
    mb = size["bundle_bytes"] / 1e6
    print(
        f"bundle   {bundle}: {mb:.1f} MB on disk (du -sb; goal < {GOAL_MB} MB: {'met' if mb < GOAL_MB else 'NOT met'})"
    )
    if size["tarball_bytes"]:
        print(f"tarball  {Path(size['tarball']).name}: {size['tarball_bytes'] / 1e6:.1f} MB")
    print("largest items in _internal/:")
    for item in size["top_items"]:
        print(f"  {item['bytes'] / 1e6:8.1f} MB  {item['name']}")
    print("largest files:")
    for item in size["top_files"]:
        print(f"  {item['bytes'] / 1e6:8.1f} MB  {item['name']}")
    kind = "cold (page cache dropped before each run)" if cold else "WARM (page cache not dropped)"
    first, main_window = start["first_window_s"], start["main_window_s"]
    print(f"start, {platform}, {kind}, {args.runs} runs:")
    print(
        f"  first window ({start['first_window_title']}): median {first['median']:.2f} s "
        f"(min {first['min']:.2f}, max {first['max']:.2f}; goal < {GOAL_S} s: "
        f"{'met' if first['median'] < GOAL_S else 'NOT met'})"
    )
    print(
        f"  main window after typing the passphrase (unlock incl. scrypt): median {main_window['median']:.2f} s "
        f"(min {main_window['min']:.2f}, max {main_window['max']:.2f})"
    )
    try:
        load = os.getloadavg()[0]
        print(f"  load average at the end: {load:.2f} on {os.cpu_count()} cores")
    except OSError:
        pass
    if args.json:
        print(json.dumps({"size": size, "start": start}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
