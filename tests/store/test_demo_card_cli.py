"""`furusato-field demo-card`: the newcomer's first successful scan, and the demo key's end at enrolment.

Real processes on a fresh data folder, the project's own decoder on the PNG, and a real central on
loopback for the enrolment that makes the same card `unknown_key`.
"""

import base64
import json
import subprocess
import sys
from datetime import datetime

import pytest

from central import admin, enrollment
from desktop import demo_card
from furusato.activity import JST
from furusato.card_token import verify_card
from tests.central.server import RunningCentral, sqlite_url
from tests.store.cli_runner import run_cli

LG = "152102"  # the demo's own local government, so only the key differs after enrolment


def _noon() -> str:
    return datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0).isoformat()


@pytest.fixture
def central(tmp_path):
    running = RunningCentral(sqlite_url(tmp_path))
    with running.engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        code = enrollment.new_code(conn, LG)["code"]
    yield running, code
    running.close()


def test_a_demo_card_is_recorded_on_a_fresh_station_and_refused_once_it_is_enrolled(tmp_path, central):
    station = tmp_path / "station"
    png = tmp_path / "card.png"
    rc, (made,), _ = run_cli(station, "demo-card", "--name", "山田 デモ", "--out", png)
    assert rc == 0 and made["png"] == str(png) and png.stat().st_size > 0
    token = made["token"]

    rc, (decoded,), _ = run_cli(station, "decode", png)
    assert rc == 0 and decoded["text"] == token  # the PNG is the card, as the window's decoder reads it

    rc, (checked,), _ = run_cli(station, "verify", token)
    assert rc == 0 and checked["outcome"] == "valid" and checked["claims"]["name"] == "山田 デモ"
    rc, (first,), _ = run_cli(station, "checkin", "--activity", "demo-jichikai", "--token", token, "--at", _noon())
    assert rc == 0 and first["outcome"] == "recorded" and first["record_id"]

    running, code = central
    rc, (enrolled,), err = run_cli(station, "enroll", "--server", running.url, "--code", code)
    assert rc == 0, err
    assert enrolled["local_government"] == LG

    rc, (after,), _ = run_cli(station, "checkin", "--activity", "demo-jichikai", "--token", token, "--at", _noon())
    assert rc == 1 and after == {"outcome": "unknown_key", "record_id": None}
    rc, (checked,), _ = run_cli(station, "verify", token)
    assert rc == 1 and checked["outcome"] == "unknown_key"
    rc, (again,), err = run_cli(station, "demo-card")
    assert rc == 0 and again["png"] is None and "enrolled" in err  # it still prints one, and says so


def test_each_demo_card_is_another_person_signed_by_the_demo_key(tmp_path):
    rc, (one,), _ = run_cli(tmp_path, "demo-card")
    rc2, (two,), _ = run_cli(tmp_path, "demo-card")
    assert rc == rc2 == 0
    checks = [verify_card(made["token"], demo_card.demo_keys()) for made in (one, two)]
    assert all(check.ok for check in checks)
    assert checks[0].claims["sub"] != checks[1].claims["sub"]
    assert all(check.claims["sub"].startswith("demo-") for check in checks)
    assert checks[0].claims["name"] == demo_card.DEFAULT_NAME
    header = json.loads(base64.urlsafe_b64decode(one["token"].split(".")[0] + "=="))
    assert header["kid"] == demo_card.DEMO_KID


@pytest.mark.parametrize("name", ["", "   ", "a" * 65, "山田\x07太郎", "line\nbreak", "\u202eevil"])
def test_a_name_that_cannot_go_on_a_card_is_refused_by_field(tmp_path, name):
    rc, (refused,), _ = run_cli(tmp_path, "demo-card", "--name", name, "--out", tmp_path / "card.png")
    assert rc == 1 and refused["field"] == "name" and refused["error"]
    assert not (tmp_path / "card.png").exists()


def test_a_name_that_is_not_text_is_refused(tmp_path):
    # Bytes that are not UTF-8 reach Python's argv as lone surrogates.
    done = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "demo-card",
                           "--name", b"\xed\xa0\x80abc"], capture_output=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert b'"field": "name"' in done.stdout


def test_the_png_must_be_a_png_in_a_folder_that_exists(tmp_path):
    rc, (refused,), _ = run_cli(tmp_path, "demo-card", "--out", tmp_path / "card.jpg")
    assert rc == 1 and refused["field"] == "out"
    rc, (refused,), _ = run_cli(tmp_path, "demo-card", "--out", tmp_path / "missing" / "card.png")
    assert rc == 1 and refused["field"] == "out" and "cannot write" in refused["error"]
