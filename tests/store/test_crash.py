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


def _run_and_kill(data_dir: Path, round_no: int, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(round_no)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
    reader.start()
    # Some rounds die while the station opens (migrations, seeding), most while writing.
    deadline = time.monotonic() + 20
    if rng.random() < 0.15:
        time.sleep(rng.uniform(0.0, 0.6))
    else:
        while "READY\n" not in lines and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.25))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    return [line.split()[1] for line in lines if line.startswith("ACK ") and line.endswith("\n")]


@pytest.mark.slow
def test_acknowledged_check_ins_survive_sigkill(tmp_path):
    rng = random.Random(20261122)
    acknowledged: list[str] = []
    for round_no in range(ROUNDS):
        acknowledged += _run_and_kill(tmp_path, round_no, rng)
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
    assert len(acknowledged) > ROUNDS  # the kills really landed mid-stream, not only at start-up
    assert set(acknowledged) <= recorded
    assert orphans == 0
    station = Station.open(tmp_path)
    try:
        assert station.ledger.verify_chain(station.signer.private_key.public_key()) == []
    finally:
        station.close()
