"""The poster's promise end to end, through the real commands: an enrolled station's activity QR plus a
card from `issue-card` → `self-checkin` records; again → duplicate; the station's own check-in of the
same person that day, synced → still one attendance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

from central import admin
from central.person_eligibility import eligibility
from furusato.activity import JST
from tests.sync.conftest import LG

SUB = "poster-reader-0001"


def _run(args: list[str], env: dict | None = None) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})
    assert done.stdout.strip(), done.stderr
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def test_activity_qr_and_issue_card_make_a_self_checkin_counted_once_with_the_station(central, tmp_path):
    now = datetime.now(JST).replace(microsecond=0)
    with central.engine.begin() as conn:
        admin.upsert_activity(conn, id="beach-clean", title="海岸清掃", kind="designated_project", venue=LG,
                              start=(now - timedelta(hours=1)).isoformat(), end=(now + timedelta(hours=4)).isoformat())
        admin.upsert_person(conn, SUB, residence="131016", mynumber_verified=True)
    home = {"FURUSATO_FIELD_HOME": str(tmp_path / "station")}
    station = ["-m", "desktop"]
    rc, enrolled = _run([*station, "enroll", "--server", central.url, "--code", central.code], home)
    assert rc == 0, enrolled
    rc, shown = _run([*station, "activity-qr", "--activity", "beach-clean", "--out", str(tmp_path / "qr.png")], home)
    assert rc == 0 and shown["out"].endswith("qr.png")
    rc, decoded = _run([*station, "decode", str(tmp_path / "qr.png")], home)
    assert decoded["text"] == shown["token"]  # what a phone reads from the screen is the code itself

    db = ["-m", "central", "--db", central.running.db_url]
    card = subprocess.run([sys.executable, *db, "issue-card", "--sub", SUB, "--name", "浜辺 歩"],
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    rc, first = _run([*db, "self-checkin", "--card", card, "--activity", decoded["text"]])
    assert (rc, first["outcome"]) == (0, "recorded"), first
    rc, again = _run([*db, "self-checkin", "--card", card, "--activity", decoded["text"]])
    assert (rc, again["outcome"]) == (0, "duplicate")

    rc, checked = _run([*station, "checkin", "--activity", "beach-clean", "--token", card], home)
    assert (rc, checked["outcome"]) == (0, "recorded")
    rc, synced = _run([*station, "sync"], home)
    assert (rc, synced["accepted"], synced["rejected"]) == (0, 1, 0)
    with central.engine.connect() as conn:
        assert eligibility(conn, f"card:{SUB}", LG)["count"] == 1

    tampered = decoded["text"][:-3] + ("AAA" if not decoded["text"].endswith("AAA") else "BBB")
    rc, refused = _run([*db, "self-checkin", "--card", card, "--activity", tampered])
    assert (rc, refused["outcome"]) == (1, "bad_signature")
