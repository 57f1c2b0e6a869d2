"""The command line on a protected station: the passphrase is required, and wrong ones are throttled."""

import json
import os
import subprocess
import sys

from tests.store.records import manual


def _cli(data_dir, *args, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FURUSATO_FIELD_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *map(str, args)],
                          capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL, timeout=120)


def test_protecting_a_station_then_using_it(tmp_path):
    record = tmp_path / "person.json"
    record.write_text(json.dumps(manual()), "utf-8")
    fresh = _cli(tmp_path / "st", "checkin", "--activity", "demo-jichikai", "--manual", record)
    assert fresh.returncode in (0, 1) and "not protected by a passphrase" in fresh.stderr

    protect = _cli(tmp_path / "st", "passphrase", env={"FURUSATO_FIELD_NEW_PASSPHRASE": "雪国の合言葉 2026"})
    assert protect.returncode == 0, protect.stderr
    assert json.loads(protect.stdout) == {"ok": True, "protected": True}

    locked = _cli(tmp_path / "st", "activities")
    assert locked.returncode == 2 and "protected" in locked.stderr and locked.stdout == ""
    wrong = _cli(tmp_path / "st", "activities", env={"FURUSATO_FIELD_PASSPHRASE": "not it at all"})
    assert wrong.returncode == 2
    opened = _cli(tmp_path / "st", "activities", env={"FURUSATO_FIELD_PASSPHRASE": "雪国の合言葉 2026"})
    assert opened.returncode == 0 and len(json.loads(opened.stdout)) == 4
    assert "not protected" not in opened.stderr
    audit = (tmp_path / "st" / "audit.jsonl").read_text("utf-8")
    assert '"station_protected"' in audit and '"unlock_failed"' in audit


def test_a_weak_passphrase_is_refused(tmp_path):
    weak = _cli(tmp_path / "st", "passphrase", env={"FURUSATO_FIELD_NEW_PASSPHRASE": "1234"})
    assert weak.returncode == 1 and json.loads(weak.stdout)["error"] == "weak_passphrase"
