"""The issue's acceptance, through the command lines as a coordinator's script runs them: a fresh station
enrols with the real central (loopback), two hand records → `export --format bundle` → `furusato-central
import-bundle --receipt` → `furusato-field import-receipt` → `status` shows `pending: 0`; a receipt with
one flipped byte is refused and `pending` stays; the same receipt twice is refused and says why."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from furusato.activity import JST
from tests.store.cli_runner import run_cli
from tests.store.records import manual

ROOT = Path(__file__).resolve().parents[2]


def central_cli(db_url: str, *args) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "central", "--db", db_url, *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {"stderr": done.stderr}


def status(data) -> dict:
    code, (out,), _ = run_cli(data, "status")
    assert code == 0
    return out


def hand_records(data, tmp_path) -> None:
    at = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0).isoformat()
    people = [manual(name="函館 一郎", birth="1980-05-05", postal_code="040-0001", phone="090-1234-5678"),
              manual(name="十日町 花子", birth="平成2年4月1日")]
    for n, person in enumerate(people):
        path = tmp_path / f"person{n}.json"
        path.write_text(json.dumps(person, ensure_ascii=False), "utf-8")
        code, (result,), _ = run_cli(data, "checkin", "--activity", "demo-jichikai", "--manual", path, "--at", at)
        assert code == 0 and result["outcome"] == "recorded", result


def flipped(data: bytes, at: int) -> bytes:
    """The byte at `at` changed to another character of the same alphabet (still a well-formed file)."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    old = data[at]
    new = alphabet[(alphabet.index(old) + 1) % len(alphabet)] if old in alphabet else ord("A")
    return data[:at] + bytes([new]) + data[at + 1:]


def test_bundle_receipt_and_status_end_to_end(tmp_path, central):
    data, stick = tmp_path / "station", tmp_path / "stick"
    stick.mkdir()
    fresh = status(data)
    assert fresh["enrolled"] is False and fresh["pending"] == 0 and fresh["initialized"] is False

    code, (enrolled,), _ = run_cli(data, "enroll", "--server", central.url, "--code", central.code, "--label", "acceptance")
    assert code == 0 and enrolled["local_government"] == "152102", enrolled
    hand_records(data, tmp_path)
    before = status(data)
    assert (before["enrolled"], before["local_government"], before["pending"], before["rejected"]) == (True, "152102", 2, 0)
    assert before["local_government_name"] == "十日町市" and before["answer_keys"] == 1 and before["last_receipt"] is None
    assert {"last_sync", "retention_days", "schema_version", "ledger_records", "details_held"} <= before.keys()
    # Status is for support calls: nothing personal in it.
    text = json.dumps(before, ensure_ascii=False)
    # Whole values in every form they could take: a bare "040" also turns up inside random uuids.
    for personal in ("函館", "花子", "040-0001", "0400001", "090-1234-5678", "09012345678", "+819012345678",
                     "1980-05-05", "taro@example.jp"):
        assert personal not in text

    bundle = stick / "bundle.frr"
    code, (exported,), _ = run_cli(data, "export", "--format", "bundle", "--out", bundle)
    assert code == 0 and exported["records"] == 2 and exported["verified"] is True
    receipt = stick / "receipt.frr"
    code, imported = central_cli(central.running.db_url, "import-bundle", bundle, "--receipt", receipt)
    assert code == 0 and (imported["accepted"], imported["rejected"]) == (2, 0) and imported["receipt"] == str(receipt)
    raw = receipt.read_bytes()

    # One flipped byte anywhere — header, body or signature — and the receipt is refused whole.
    head, body, _sig = raw.split(b".")
    spoilt = tmp_path / "spoilt.frr"
    for at in (len(head) // 2, len(head) + 1 + len(body) // 2, len(raw) - 5):
        spoilt.write_bytes(flipped(raw, at))
        code, (refused,), _ = run_cli(data, "import-receipt", spoilt)
        assert code == 1 and refused["error"] and refused["code"] in (
            "bad_answer_signature", "not_a_receipt", "unknown_answer_key"), refused
        assert status(data)["pending"] == 2

    code, (applied,), _ = run_cli(data, "import-receipt", receipt)
    assert code == 0, applied
    assert {k: applied[k] for k in ("settled", "accepted", "duplicates", "rejected", "pending")} == {
        "settled": 2, "accepted": 2, "duplicates": 0, "rejected": 0, "pending": 0}
    after = status(data)
    assert after["pending"] == 0 and after["sent"] == 2 and after["last_receipt"] == applied["issued_at"]

    code, (again,), _ = run_cli(data, "import-receipt", receipt)
    assert code == 1 and again["code"] == "already_applied" and "already" in again["error"]
    assert status(data)["pending"] == 0


@pytest.mark.parametrize("args", [("--receipt",), ()])
def test_import_receipt_usage_errors(tmp_path, args):
    code, out, err = run_cli(tmp_path, "import-receipt", *args, tmp_path / "missing.frr")
    assert code == 2 and out == [] and err
