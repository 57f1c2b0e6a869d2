"""`furusato-central eligibility` as a real subprocess (CONTRACTS §3, §4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CASE = {
    "as_of": "2027-03-31",
    "person": {"residence": "131016", "mynumber_verified": True, "minor": False, "guardian_consent": False},
    "premium": [{"lg": "011002", "expires": "2027-05-31"}],
    "attendance": [
        {"activity": "a1", "venue": "012025", "date": "2026-07-01"},
        {"activity": "a1", "venue": "012025", "date": "2026-07-15"},
    ],
    "settings": {"012025": {"required": 3, "consecutive_days_each_count": False, "long_stay_days": 10}},
    "target": "012025",
}
EXPECTED = (
    '{"target": "012025", "eligible": false, "count": 2, "required": 3, "renewal": false, '
    '"expires": null, "stay_days": 2, "long_stay": false, "reasons": ["not_enough_activities"]}'
)


def central(*args: str, stdin: bytes | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "central", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def write(tmp_path: Path, case, name="case.json") -> str:
    path = tmp_path / name
    path.write_text(case if isinstance(case, str) else json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_contract_example_prints_the_result_and_exits_0(tmp_path):
    done = central("eligibility", "--input", write(tmp_path, CASE))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().strip() == EXPECTED


def test_eligible_case_exits_0(tmp_path):
    case = {
        **CASE,
        "attendance": CASE["attendance"] + [{"activity": "a2", "venue": "012025", "date": "2026-07-15"}],
    }
    done = central("eligibility", "--input", write(tmp_path, case))
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert (result["eligible"], result["expires"], result["reasons"]) == (True, "2028-03-30", [])


def test_stdin(tmp_path):
    done = central("eligibility", "--input", "-", stdin=json.dumps(CASE).encode())
    assert done.returncode == 0
    assert done.stdout.decode().strip() == EXPECTED


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(CASE).encode())
    assert central("eligibility", "--input", str(path)).returncode == 0


def test_global_db_option_is_accepted(tmp_path):
    done = central("--db", f"sqlite:///{tmp_path}/c.sqlite3", "eligibility", "--input", write(tmp_path, CASE))
    assert done.returncode == 0
    assert not (tmp_path / "c.sqlite3").exists()  # eligibility never opens the database


@pytest.mark.parametrize(
    "change, field",
    [
        ({"target": "012026"}, "target"),
        ({"target": "011011"}, "target"),
        ({"extra": True}, "extra"),
        ({"settings": {"012025": {"required": 2}}}, "settings.012025.required"),
        (
            {
                "attendance": [
                    {"activity": "a1", "venue": "019992", "date": "2026-07-01"},
                    {"activity": "a1", "venue": "012025", "date": "2026-07-01"},
                    {"activity": "a1", "venue": "012025", "date": "2026-02-30"},
                ]
            },
            "attendance[0].venue",
        ),
        (
            {
                "attendance": [
                    {"activity": "a1", "venue": "012025", "date": "2026-07-01"},
                    {"activity": "a1", "venue": "012025", "date": "2026-07-01"},
                    {"activity": "a1", "venue": "012025", "date": "2026-02-30"},
                ]
            },
            "attendance[2].date",
        ),
    ],
)
def test_bad_case_exits_1_with_error_object(tmp_path, change, field):
    done = central("eligibility", "--input", write(tmp_path, {**CASE, **change}))
    assert done.returncode == 1
    error = json.loads(done.stdout)
    assert list(error) == ["error", "field"]
    assert error["field"] == field


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("{not json", "not valid JSON"),
        ('{"target": "012025", "target": "011002"}', "duplicate key"),
        ('{"as_of": NaN}', "NaN"),
        ("[]", "JSON object"),
        ("", "not valid JSON"),
    ],
)
def test_broken_document_exits_1_with_null_field(tmp_path, text, fragment):
    done = central("eligibility", "--input", write(tmp_path, text))
    assert done.returncode == 1
    error = json.loads(done.stdout)
    assert error["field"] is None
    assert fragment in error["error"]


def test_not_utf8_exits_1(tmp_path):
    path = tmp_path / "sjis.json"
    path.write_bytes(
        json.dumps(
            {**CASE, "attendance": [{"activity": "雪下ろし", "venue": "012025", "date": "2026-07-01"}]},
            ensure_ascii=False,
        ).encode("shift_jis")
    )
    done = central("eligibility", "--input", str(path))
    assert (done.returncode, json.loads(done.stdout)["field"]) == (1, None)


def test_missing_file_exits_1(tmp_path):
    done = central("eligibility", "--input", str(tmp_path / "nope.json"))
    assert done.returncode == 1
    assert json.loads(done.stdout) == {
        "error": f"cannot read {tmp_path / 'nope.json'}: No such file or directory",
        "field": None,
    }


@pytest.mark.parametrize("args", [("eligibility",), ("eligibility", "--bogus"), ("no-such-command",), ()])
def test_usage_errors_exit_2(args):
    done = central(*args)
    assert done.returncode == 2
    assert done.stdout == b""


def test_console_script(tmp_path):
    # The venv's bin folder need not be on PATH (the README runs .venv/bin/python directly).
    script = shutil.which("furusato-central", path=str(Path(sys.executable).parent)) or shutil.which("furusato-central")
    if script is None:
        pytest.skip("furusato-central is not installed (pip install -e .)")
    # Run from outside the source tree: the installed entry point must find the packages itself.
    done = subprocess.run(
        [script, "eligibility", "--input", write(tmp_path, CASE)],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().strip() == EXPECTED
