"""`furusato-central` sub-commands as subprocesses, bundles included (import-bundle)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from central.store.db import open_engine
from central.store.tables import attendance, records
from furusato.card_token import verify_card
from furusato.keys import KeySet
from tests.central.station_sim import StationSim

ROOT = Path(__file__).resolve().parents[2]
LG = "011002"


def test_issue_card_prints_the_bare_token_for_shell_scripts(db_url):
    done = subprocess.run([sys.executable, "-m", "central", "--db", db_url, "issue-card", "--sub", "person0002"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    token = done.stdout
    assert token.endswith("\n") and token.count("\n") == 1 and token.count(".") == 2
    rc, jwks = cli(db_url, "keys")
    check = verify_card(token.strip(), KeySet.from_jwks(jwks))
    assert check.outcome == "valid" and check.claims["sub"] == "person0002"


def cli(db_url: str, *args: str) -> tuple[int, object]:
    done = subprocess.run(
        [sys.executable, "-m", "central", "--db", db_url, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    out = done.stdout.strip()
    return done.returncode, (json.loads(out) if out else done.stderr)


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}"


def enroll_via_code(db_url: str, station: StationSim) -> None:
    from central import enrollment

    rc, code = cli(db_url, "enrollment-code", "--lg", LG, "--days", "2")
    assert rc == 0 and code["lg"] == LG
    engine = open_engine(db_url)
    with engine.begin() as conn:
        enrollment.enroll(conn, code["code"], station.device_id, station.public_jwk())
    engine.dispose()


def count(db_url: str, table) -> int:
    engine = open_engine(db_url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(table)).scalar()
    engine.dispose()
    return n


def test_admin_commands(db_url, tmp_path):
    assert cli(db_url, "add-lg", "--code", LG, "--required", "4", "--consecutive-each",
               "--long-stay-days", "12", "--auto-approve") == (0, {
        "code": LG, "name": "札幌市", "required": 4, "consecutive_days_each_count": True,
        "long_stay_days": 12, "auto_approve": True})
    rc, out = cli(db_url, "add-lg", "--code", "011003")
    assert rc == 1 and out["field"] == "code"
    rc, out = cli(db_url, "add-lg", "--code", LG, "--required", "2")
    assert rc == 1 and out["field"] == "required"

    rc, activity = cli(db_url, "add-activity", "--id", "a1", "--title", "雪下ろし", "--kind", "designated_project",
                       "--venue", LG, "--start", "2026-12-01T09:00", "--end", "2026-12-01T16:00",
                       "--place", "中央公民館")
    assert rc == 0
    assert {k: activity[k] for k in ("id", "kind", "venue", "designating_lg", "place", "start", "end")} == {
        "id": "a1", "kind": "designated_project", "venue": LG, "designating_lg": LG, "place": "中央公民館",
        "start": "2026-12-01T09:00:00+09:00", "end": "2026-12-01T16:00:00+09:00"}
    rc, out = cli(db_url, "add-activity", "--id", "a2", "--title", "t", "--kind", "party", "--venue", LG,
                  "--start", "2026-12-01T09:00", "--end", "2026-12-01T16:00")
    assert rc == 1 and out["field"] == "kind"

    rc, code = cli(db_url, "enrollment-code", "--lg", LG)
    assert rc == 0 and len(code["code"]) == 19
    assert cli(db_url, "enrollment-code", "--lg", "131016")[0] == 1  # not added

    rc, card = cli(db_url, "issue-card", "--sub", "person0001", "--name", "山田", "--mnv", "--days", "30", "--json")
    assert rc == 0
    rc, jwks = cli(db_url, "keys")
    assert rc == 0 and [k["kid"] for k in jwks["keys"]] == [card["kid"]]
    check = verify_card(card["token"], KeySet.from_jwks(jwks))
    assert check.outcome == "valid" and check.claims["name"] == "山田" and check.claims["mnv"] is True
    assert cli(db_url, "issue-card", "--sub", "short")[0] == 1

    rc, rotated = cli(db_url, "rotate-keys")
    assert rc == 0 and rotated["retired"] == [card["kid"]]
    rc, jwks = cli(db_url, "keys")
    assert {k["kid"] for k in jwks["keys"]} == {card["kid"], rotated["active"]}  # old one still published
    rc, card2 = cli(db_url, "issue-card", "--sub", "person0001", "--json")
    assert card2["kid"] == rotated["active"]

    assert cli(db_url, "revoke-card", "--sub", "person0001")[0] == 0
    assert verify_card(card["token"], KeySet.from_jwks(jwks), revoked={"person0001"}).outcome == "revoked"
    assert cli(db_url, "revoke-device", "--device", "nope")[0] == 1
    rc, person = cli(db_url, "set-person", "--sub", "person0001", "--residence", "131016",
                     "--premium", "012025:2027-05-31")
    assert rc == 0 and person["premium"] == [{"lg": "012025", "expires": "2027-05-31"}]
    assert person["mynumber_verified"] is False  # the last card issued (card2) had no --mnv

    assert cli(db_url, "add-lg")[0] == 2  # usage
    assert cli(db_url)[0] == 2


def test_bundle_import_twice_and_refusals(db_url, tmp_path):
    assert cli(db_url, "add-lg", "--code", LG)[0] == 0
    station = StationSim()
    enroll_via_code(db_url, station)
    recs = [station.record(activity="snow-1", day=f"2026-12-0{d}", person="card:person0001") for d in (1, 2, 3)]
    bundle = tmp_path / "station.frrb"
    bundle.write_text(station.bundle(recs), encoding="ascii")

    # Refused whole: truncated, tampered, unsigned, from an unknown device — nothing applied.
    token = bundle.read_text()
    truncated = tmp_path / "truncated.frrb"
    truncated.write_text(token[: len(token) - 40])
    header, body, sig = token.split(".")
    tampered = tmp_path / "tampered.frrb"
    tampered.write_text(".".join([header, body[:-8] + ("A" * 8 if body[-8:] != "A" * 8 else "B" * 8), sig]))
    unsigned = tmp_path / "unsigned.frrb"
    unsigned.write_text(f"{header}.{body}.")
    stranger = StationSim()
    foreign = tmp_path / "foreign.frrb"
    foreign.write_text(stranger.bundle([stranger.record(activity="a", day="2026-12-01", person="card:x0000001")]))
    short = tmp_path / "short.frrb"
    short.write_text(token[:100])
    for bad in (truncated, tampered, unsigned, foreign, short, tmp_path / "missing.frrb"):
        rc, out = cli(db_url, "import-bundle", str(bad))
        assert rc == 1 and "error" in out, (bad, out)
    assert count(db_url, records) == 0

    rc, first = cli(db_url, "import-bundle", str(bundle))
    assert rc == 0 and (first["accepted"], first["duplicates"], first["rejected"]) == (3, 0, 0)
    assert all("unknown_activity" in r["flags"] for r in first["results"])
    rc, second = cli(db_url, "import-bundle", str(bundle))
    assert rc == 0 and (second["accepted"], second["duplicates"], second["rejected"]) == (0, 3, 0)
    assert count(db_url, records) == 3 and count(db_url, attendance) == 3

    # A later bundle that also carries the already-imported records: old ones duplicate, new one accepted.
    recs.append(station.record(activity="snow-1", day="2026-12-04", person="card:person0001"))
    bundle.write_text(station.bundle(recs))
    rc, third = cli(db_url, "import-bundle", str(bundle))
    assert (third["accepted"], third["duplicates"], third["rejected"]) == (1, 3, 0)

    # Revoked device: the bundle verifies, every record is rejected by rule 1.
    assert cli(db_url, "revoke-device", "--device", station.device_id)[0] == 0
    recs.append(station.record(activity="snow-1", day="2026-12-05", person="card:person0001"))
    bundle.write_text(station.bundle(recs[-1:]))
    rc, fourth = cli(db_url, "import-bundle", str(bundle))
    assert rc == 0 and fourth["rejected"] == 1 and fourth["results"][0]["reason"] == "device_revoked"


def test_serve_subprocess(db_url):
    import socket
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "central", "--db", db_url, "serve", "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/v1/keys", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.2)
        assert answer.status_code == 200 and len(answer.json()["keys"]) == 1
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["info"]["title"]
    finally:
        proc.terminate()
        proc.wait(10)


def test_designation_commands_answer_or_refuse_in_json(db_url):
    """designate-station on an enrolled station; the three designation commands on what does not exist."""
    from central import admin, enrollment
    from central.store.db import open_engine
    from tests.central.station_sim import StationSim

    station = StationSim()
    engine = open_engine(db_url)
    with engine.begin() as conn:
        admin.upsert_lg(conn, "152102")
        code = enrollment.new_code(conn, "152102")["code"]
        enrollment.enroll(conn, code, station.device_id, station.public_jwk())
    engine.dispose()
    code, out = cli(db_url, "designate-station", station.device_id)
    assert code == 0 and isinstance(out, dict) and "error" not in out, out
    for args in (("designate-activity", "no-such-activity"), ("refuse-activity", "no-such-activity", "--reason", "x"),
                 ("designate-station", "no-such-device")):
        code, out = cli(db_url, *args)
        assert code == 1 and isinstance(out, dict) and out.get("error"), (args, out)
