"""The real station, as a person starts it: `python -m desktop --data-dir D` in its own process on a
real X server, the passphrase typed into the sign-in, the activity picked by typing its title.

Results are read where the station keeps them — its database (read-only) and its own CLI
(`export --format csv`) — never from the window's internals.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.x11.xserver import XServer

PASSPHRASE = "kanjiki-yukiguni-2026"  # typed with xdotool, which garbles kanji: ASCII only
SIGN_IN_TITLE = r"サインイン"
MAIN_TITLE = r"活動受付 [0-9]"  # "ふるさと住民登録 活動受付 0.1.0"
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.1):
    """Poll until `condition()` is truthy; its value. A deadline on waiting, not a claim about speed."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


class StationFolder:
    """A station's data folder, set up and read through the station's own command line and database."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def cli(self, *args: str, ok: bool = True, **env: str) -> dict | list:
        done = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(self.root), *args],
                              capture_output=True, text=True, cwd=ROOT, timeout=180,
                              env={**os.environ, "FURUSATO_FIELD_PASSPHRASE": PASSPHRASE, **env})
        if ok and done.returncode != 0:
            raise RuntimeError(f"furusato-field {args[0]} exited {done.returncode}: {done.stderr[-2000:]}")
        return json.loads(done.stdout.splitlines()[-1]) if done.stdout.strip() else {}

    def protect(self) -> None:
        """The passphrase the window will ask for, set the way `furusato-field passphrase` does."""
        self.cli("passphrase", FURUSATO_FIELD_NEW_PASSPHRASE=PASSPHRASE)

    def attendance(self) -> list[sqlite3.Row]:
        """Every check-in row in the station's database (read-only: the window holds it open)."""
        db = self.root / "station.sqlite3"
        if not db.exists():
            return []
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            return conn.execute("SELECT activity_id, person_key, status FROM attendance").fetchall()
        except sqlite3.OperationalError:
            return []
        finally:
            conn.close()

    def card_check_ins(self, sub: str) -> list[sqlite3.Row]:
        return [row for row in self.attendance() if row["person_key"] == f"card:{sub}"]

    def wait_for_card(self, sub: str, timeout: float = 60.0) -> sqlite3.Row:
        return wait_for(lambda: self.card_check_ins(sub), timeout, f"card {sub} recorded by the window")[0]

    def export_csv(self, out: Path) -> list[dict[str, str]]:
        """`furusato-field export --format csv`, read back by its (Japanese) header: one dict a row,
        keyed as desktop.attendance_sheet names the columns."""
        from desktop.attendance_sheet import COLUMNS

        key_of = {column.header: column.key for column in COLUMNS}
        self.cli("export", "--format", "csv", "--out", str(out))
        with open(out, encoding="utf-8-sig", newline="") as f:
            return [{key_of.get(header, header): value for header, value in row.items()}
                    for row in csv.DictReader(f)]


class RealWindow:
    """The station window in its own process on `x`."""

    def __init__(self, x: XServer, folder: StationFolder, log_name: str = "window"):
        self.x, self.folder = x, folder
        self.log_path = x.log_dir / f"{log_name}.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--data-dir", str(folder.root)],
            env=x.env(), cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def sign_in(self, passphrase: str = PASSPHRASE) -> None:
        self.x.wait_active(SIGN_IN_TITLE, alive=self.alive)
        self.x.type(passphrase + "\r", delay_ms=8)
        self.x.wait_active(MAIN_TITLE, alive=self.alive)

    def pick_activity(self, typed_title: str, delay_ms: float = 60) -> None:
        """Type (part of) the title into the picker's search, as a person does, and Enter."""
        self.x.type(typed_title + "\r", delay_ms=delay_ms)

    def scan(self, token: str, suffix: str = "\r", delay_ms: float = 4) -> None:
        """A gun: the token at `delay_ms` a key, Shift around each capital, then its suffix."""
        self.x.type(token + suffix, delay_ms=delay_ms)

    # --- ending ---
    def click_close_button(self) -> None:
        """The close button of openbox's title bar: the top right corner of the frame, above the window."""
        window = self.x.xdotool("getactivewindow").strip()
        info = self.x.run("xwininfo", "-id", window)
        fields = r"(Absolute upper-left X|Absolute upper-left Y|Relative upper-left Y|Width):\s+(-?\d+)"
        value = {key: int(number) for key, number in re.findall(fields, info)}
        x = value["Absolute upper-left X"] + value["Width"] - 10
        y = value["Absolute upper-left Y"] - value["Relative upper-left Y"] // 2
        self.x.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    def alt_f4(self) -> None:
        self.x.key("alt+F4")

    def send(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait_exit(self, timeout: float = 60.0) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            self._log.close()

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace")

    def kill(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self._log.close()

    def aborted(self) -> bool:
        return bool(re.search(r"Fatal Python error|Segmentation fault|core dumped", self.log()))
