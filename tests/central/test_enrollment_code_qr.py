"""`furusato-central enrollment-code --qr`: a QR code that carries the central's address and the code.

The PNG is read back with the station's own decoder (`furusato-field decode`), parsed with
furusato/enrollment_qr.py, and the station enrols with what it carried, against the real central.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from furusato import enrollment_qr
from tests.central.server import RunningCentral, sqlite_url
from tests.store.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[2]
LG = "152102"


def central_cli(db_url: str, *args, env: dict | None = None) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "central", "--db", db_url, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {"stderr": done.stderr}


@pytest.fixture
def db_url(tmp_path):
    url = sqlite_url(tmp_path)
    rc, _ = central_cli(url, "add-lg", "--code", LG)
    assert rc == 0
    return url


def test_the_qr_code_carries_the_address_and_the_code_and_a_station_enrols_with_it(tmp_path, db_url):
    running = RunningCentral(db_url)
    try:
        png = tmp_path / "enrol.png"
        rc, made = central_cli(db_url, "enrollment-code", "--lg", LG, "--server-url", running.url + "/", "--qr", png)
        assert rc == 0, made
        assert {"code", "lg", "expires_at"} <= made.keys() and made["lg"] == LG
        assert made["qr"] == str(png) and made["server_url"] == running.url and "warning" not in made

        rc, (decoded,), _ = run_cli(tmp_path / "station", "decode", png)
        assert rc == 0 and decoded["text"] == made["qr_text"]
        carried = enrollment_qr.parse(decoded["text"])
        assert (carried.server, carried.code) == (running.url, made["code"])

        rc, (enrolled,), err = run_cli(tmp_path / "station", "enroll", "--server", carried.server,
                                       "--code", carried.code)
        assert rc == 0, err
        assert enrolled["local_government"] == LG
    finally:
        running.close()


def test_the_address_may_come_from_the_environment(db_url):
    rc, made = central_cli(db_url, "enrollment-code", "--lg", LG,
                           env={"FURUSATO_CENTRAL_PUBLIC_URL": "https://central.example.lg.jp/furusato"})
    assert rc == 0
    assert made["server_url"] == "https://central.example.lg.jp/furusato" and made["qr"] is None
    assert enrollment_qr.parse(made["qr_text"]).code == made["code"]


def test_without_an_address_there_is_no_qr_code_but_the_code_is_as_before(tmp_path, db_url):
    rc, made = central_cli(db_url, "enrollment-code", "--lg", LG, env={"FURUSATO_CENTRAL_PUBLIC_URL": ""})
    assert rc == 0 and set(made) == {"code", "lg", "expires_at"}
    rc, refused = central_cli(db_url, "enrollment-code", "--lg", LG, "--qr", tmp_path / "x.png",
                              env={"FURUSATO_CENTRAL_PUBLIC_URL": ""})
    assert rc == 1 and refused["field"] == "server_url"
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("url", ["ftp://central.example.jp", "central.example.jp", "https://", "javascript:alert(1)"])
def test_an_address_that_is_not_http_is_refused(db_url, url):
    rc, refused = central_cli(db_url, "enrollment-code", "--lg", LG, "--server-url", url)
    assert rc == 1 and refused["field"] == "server_url"


def test_plain_http_beyond_loopback_gets_a_warning(db_url):
    rc, made = central_cli(db_url, "enrollment-code", "--lg", LG, "--server-url", "http://192.168.10.5:8765")
    assert rc == 0 and "https" in made["warning"]


def test_the_qr_file_must_be_a_png_in_a_folder_that_exists(tmp_path, db_url):
    for target in (tmp_path / "code.jpg", tmp_path / "missing" / "code.png"):
        rc, refused = central_cli(db_url, "enrollment-code", "--lg", LG, "--server-url", "https://c.example.jp",
                                  "--qr", target)
        assert rc == 1 and refused["field"] == "qr"
