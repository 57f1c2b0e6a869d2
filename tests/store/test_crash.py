"""SIGKILL at random moments must never lose an acknowledged check-in nor leave half a record."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.station import Station

ROUNDS = int(os.environ.get("FURUSATO_CRASH_ROUNDS", "200"))
CHILD = Path(__file__).with_name("crash_child.py")


def _acked(lines: list[str]) -> list[str]:
    return [line.split()[1] for line in list(lines) if line.startswith("ACK ") and line.endswith("\n")]


def _run_and_kill(data_dir: Path, round_no: int, rng: random.Random) -> tuple[list[str], bool, bool]:
    """One child killed at a random moment: (acknowledged ids, kill meant mid-write, kill landed mid-write)."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(round_no)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
    reader.start()
    # Some rounds die while the station opens (migrations, seeding), most while writing. A writing
    # round waits for the first acknowledgement, however long a loaded machine takes to get there,
    # so the random delay after it lands the kill inside the stream of commits.
    meant_mid_write = rng.random() >= 0.15
    if not meant_mid_write:
        time.sleep(rng.uniform(0.0, 0.6))
    else:
        deadline = time.monotonic() + 120
        while not _acked(lines) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.25))
    landed_mid_write = meant_mid_write and child.poll() is None and bool(_acked(lines))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    return _acked(lines), meant_mid_write, landed_mid_write


@pytest.mark.slow
def test_acknowledged_check_ins_survive_sigkill(tmp_path):
    rng = random.Random(20261122)
    acknowledged: list[str] = []
    meant = landed = 0
    for round_no in range(ROUNDS):
        acked, meant_mid_write, landed_mid_write = _run_and_kill(tmp_path, round_no, rng)
        acknowledged += acked
        meant += meant_mid_write
        landed += landed_mid_write
    db = tmp_path / "station.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        recorded = {r for (r,) in conn.execute("SELECT record_id FROM ledger")}
        # Nothing half-written: every record has its projection, its details and its outbox row.
        orphans = conn.execute(
            "SELECT count(*) FROM ledger l LEFT JOIN attendance a USING (record_id) "
            "LEFT JOIN personal_details p USING (record_id) LEFT JOIN outbox o ON o.seq = l.seq "
            "WHERE a.record_id IS NULL OR p.record_id IS NULL OR o.seq IS NULL"
        ).fetchone()[0]
    # The kills really landed mid-stream, not only at start-up: every writing round was killed
    # after its first acknowledgement, while the child was still writing.
    assert meant > ROUNDS // 2
    assert landed == meant
    assert set(acknowledged) <= recorded
    assert orphans == 0
    station = Station.open(tmp_path)
    try:
        assert station.ledger.verify_chain(station.signer.private_key.public_key()) == []
    finally:
        station.close()
