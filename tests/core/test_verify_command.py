"""`python -m desktop --data-dir DIR verify ...` as a real process: stdout JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from furusato.card_token import issue_card
from furusato.keys import SigningKey, save_jwks
from furusato.revocation import save_revoked

REPO = Path(__file__).resolve().parents[2]
PLATFORM = SigningKey.generate()
SUB = "cli_subject_01"


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FURUSATO_FIELD_HOME"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "verify", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=60,
    )


@pytest.fixture
def data_dir(tmp_path) -> Path:
    save_jwks(tmp_path / "trusted_keys.jwks.json", PLATFORM.jwks())
    return tmp_path


def card(key=PLATFORM, **changes) -> str:
    now = int(time.time())
    args = {"iss": "frr-platform", "sub": SUB, "name": "佐藤 一郎", "iat": now - 60, "exp": now + 3600}
    args.update(changes)
    return issue_card(key, **args)


def output(result) -> dict:
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    return json.loads(lines[0])


def test_valid_card(data_dir):
    result = run(data_dir, card())
    assert result.returncode == 0, result.stderr
    body = output(result)
    assert body["outcome"] == "valid"
    assert body["claims"]["sub"] == SUB and body["claims"]["name"] == "佐藤 一郎"


def test_refusals_exit_1_with_null_claims(data_dir):
    now = int(time.time())
    cases = {
        "expired": card(iat=now - 7200, exp=now - 3600),
        "unknown_key": card(key=SigningKey.generate()),
        "unreadable": "definitely not a token",
    }
    for outcome, token in cases.items():
        result = run(data_dir, token)
        assert result.returncode == 1, (outcome, result.stderr)
        assert output(result) == {"outcome": outcome, "claims": None}


def test_revoked_from_the_data_folder(data_dir):
    save_revoked(data_dir / "revoked_subjects.json", [SUB], "2026-07-01T00:00:00+09:00")
    result = run(data_dir, card())
    assert result.returncode == 1
    assert output(result) == {"outcome": "revoked", "claims": None}


def test_token_from_stdin(data_dir):
    result = run(data_dir, "-", stdin=card() + "\n")
    assert result.returncode == 0, result.stderr
    assert output(result)["outcome"] == "valid"


def test_keys_option_overrides_the_data_folder(tmp_path):
    other = SigningKey.generate()
    keys = tmp_path / "elsewhere.jwks"
    save_jwks(keys, other.jwks())
    result = run(tmp_path / "data", "--keys", str(keys), card(key=other))
    assert result.returncode == 0, result.stderr
    assert output(result)["outcome"] == "valid"


def test_a_station_without_trusted_keys_knows_no_key(tmp_path):
    """Not enrolled yet: every card is `unknown_key` and garbage `unreadable` — answers, not usage errors."""
    result = run(tmp_path, card())
    assert result.returncode == 1 and output(result) == {"outcome": "unknown_key", "claims": None}
    assert "no trusted keys" in result.stderr
    garbage = run(tmp_path, "not-a-token")
    assert garbage.returncode == 1 and output(garbage)["outcome"] == "unreadable"


def test_missing_or_bad_keys_file_is_a_usage_error(tmp_path):
    """A JSON error naming the option (and the file), exit 2; the message on stderr too."""
    missing = run(tmp_path, "--keys", str(tmp_path / "absent.jwks"), card())
    assert missing.returncode == 2 and output(missing)["field"] == "--keys"
    assert "absent.jwks" in output(missing)["error"] and "absent.jwks" in missing.stderr
    bad = tmp_path / "bad.jwks"
    for text in ('{"keys": [{"kty": "RSA"}]}', '{"keys": ' + "[" * 100_000 + "]" * 100_000 + "}",
                 '{"keys": [{"kid": "\\ud800"}]}'):
        bad.write_text(text)
        result = run(tmp_path, "--keys", str(bad), card())
        assert result.returncode == 2 and "bad.jwks" in output(result)["error"], text[:40]
        assert output(result)["field"] == "--keys" and "Traceback" not in result.stderr
    bad.write_bytes('{"keys": []}'.encode("utf-16"))
    result = run(tmp_path, "--keys", str(bad), card())
    assert result.returncode == 2 and "UTF-16" in output(result)["error"]


def test_damaged_revocation_list_is_a_usage_error(data_dir):
    for text in ("{broken", '{"subjects": ' + "[" * 50_000 + "]" * 50_000 + "}"):
        (data_dir / "revoked_subjects.json").write_text(text)
        result = run(data_dir, card())
        assert result.returncode == 2 and output(result)["field"] == "revoked_subjects"
        assert "revoked_subjects.json" in output(result)["error"] and "Traceback" not in result.stderr
