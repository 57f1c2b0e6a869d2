"""The command lines of CONTRACTS §3, run as real processes."""

import json

from desktop.privacy.audit_log import AuditLog
from desktop.sync.bundle import read_bundle
from tests.store.cli_runner import run_cli
from tests.store.records import manual


def test_enroll_checkin_sync_and_bundle_from_the_command_line(central, tmp_path):
    data = tmp_path / "data"
    code, out, err = run_cli(data, "enroll", "--server", central.url, "--code", central.code)
    assert code == 0, err
    assert out[0]["local_government"] == "152102" and out[0]["activities"] == 1 and out[0]["device_id"]
    code, out, err = run_cli(tmp_path / "other", "enroll", "--server", central.url, "--code", central.code)
    assert code == 1 and out[0]["error"] == "code_used"

    record = tmp_path / "p.json"
    record.write_text(json.dumps(manual()), encoding="utf-8")
    code, out, err = run_cli(data, "checkin", "--activity", "central-kusakari", "--manual", record,
                             "--at", "2026-11-22T10:00:00+09:00")
    assert code == 0 and out[0]["outcome"] == "recorded", (out, err)

    bundle = tmp_path / "b.frr"
    code, out, err = run_cli(data, "export", "--format", "bundle", "--out", bundle)
    assert code == 0, err
    assert out[0]["records"] == 1 and len(read_bundle(bundle)["records"]) == 1
    audited = [e for e in AuditLog.for_data_dir(data).entries() if e["event"] == "bundle_export"]
    assert [(e["records"], e["file_name"], e["via"]) for e in audited] == [(1, "b.frr", "cli")]

    code, out, err = run_cli(data, "sync")
    assert code == 0, err
    assert out == [{"uploaded": 1, "accepted": 1, "duplicates": 0, "rejected": 0, "pending": 0}]

    assert len(central.record_ids()) == 1
    central.stop()
    record.write_text(json.dumps(manual(birth="1960-02-03")), encoding="utf-8")
    code, out, err = run_cli(data, "checkin", "--activity", "central-kusakari", "--manual", record,
                             "--at", "2026-11-22T11:00:00+09:00")
    assert code == 0 and out[0]["outcome"] == "recorded", (out, err)
    code, out, err = run_cli(data, "sync", "--timeout", "1")
    assert code == 1 and out[0]["error"] == "unreachable" and out[0]["pending"] == 1


def test_usage_errors(tmp_path):
    code, out, err = run_cli(tmp_path, "enroll", "--server", "http://central.example.jp", "--code", "X")
    assert code == 2 and "loopback" in err and out == []
    code, out, err = run_cli(tmp_path, "sync")
    assert code == 1 and out[0]["error"] == "not_enrolled"
