import json
from datetime import datetime, timedelta

from furusato.activity import JST
from furusato.card_token import issue_card
from furusato.keys import KeySet, generate_key, save_jwks
from tests.store.cli_runner import run_cli
from tests.store.records import manual


def _now_in_demo_day():
    # The demo seeds around the real today; the all-day meeting is open until 23:59 Japan time.
    return datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)


def test_activities_lists_the_demo_with_the_contract_fields(tmp_path):
    code, (activities,), _ = run_cli(tmp_path, "activities")
    assert code == 0
    assert len(activities) == 4
    for activity in activities:
        assert {"id", "title", "kind", "venue", "start", "end"} <= activity.keys()
        assert len(activity["venue"]) == 6
        datetime.fromisoformat(activity["start"])


def test_manual_checkin_records_refuses_and_deduplicates(tmp_path):
    at = _now_in_demo_day().isoformat()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(manual(name="ＡＢＣ 太郎", postal_code="１００－０００１")), "utf-8")
    code, (result,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", good, "--at", at)
    assert code == 0 and result["outcome"] == "recorded" and result["record_id"]
    code, (again,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", good, "--at", at)
    assert code == 0 and again == {"outcome": "duplicate", "record_id": None,
                                   "existing_record_id": result["record_id"]}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(manual(email="not-an-address", birth="平成31年5月1日")), "utf-8")
    code, (refused,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", bad, "--at", at)
    assert code == 1 and refused["outcome"] == "invalid_input" and refused["record_id"] is None
    assert refused["fields"] == ["birth_date", "email"]


def test_manual_checkin_refuses_a_minor_without_guardian_consent(tmp_path):
    now = _now_in_demo_day()
    minor = tmp_path / "minor.json"
    minor.write_text(json.dumps(manual(name="小林 さくら", birth=f"{now.year - 10}-01-01")), "utf-8")
    code, (refused,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", minor,
                                  "--at", now.isoformat())
    assert code == 1
    assert refused["outcome"] == "invalid_input" and refused["record_id"] is None
    assert refused["fields"] == ["guardian_consent"]
    assert refused["errors"] == {"guardian_consent": "guardian_consent_missing"}
    minor.write_text(json.dumps(manual(name="小林 さくら", birth=f"{now.year - 10}-01-01", guardian_consent=True)),
                     "utf-8")
    code, (recorded,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", minor,
                                   "--at", now.isoformat())
    assert code == 0 and recorded["outcome"] == "recorded"


def test_manual_file_problems_are_precise(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    code, (result,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", broken)
    assert code == 1 and result["outcome"] == "invalid_input"
    code, out, err = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", tmp_path / "missing.json")
    assert code == 2 and out == [] and "missing.json" in err
    code, out, err = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai")
    assert code == 2 and "--token" in err
    code, out, err = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--token", "x", "--at", "yesterday")
    assert code == 2 and "--at" in err


def test_token_checkin_with_trusted_keys_in_the_data_folder(tmp_path):
    platform = generate_key()
    save_jwks(tmp_path / "trusted_keys.jwks.json", KeySet.of(platform).to_jwks())
    at = _now_in_demo_day()
    token = issue_card(platform, iss="frr", sub="card-holder-01", iat=int(at.timestamp()) - 60, days=30)
    code, (result,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--token", token, "--at", at.isoformat())
    assert (code, result["outcome"]) == (0, "recorded")
    late = (at + timedelta(days=40)).isoformat()
    code, (result,), _ = run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--token", token, "--at", late)
    assert (code, result) == (1, {"outcome": "expired", "record_id": None})
    code, (result,), _ = run_cli(tmp_path, "checkin", "--activity", "nope", "--token", token)
    assert code == 1 and result["fields"] == ["activity"]


def test_csv_export_opens_in_japanese_excel(tmp_path):
    at = _now_in_demo_day().isoformat()
    record = tmp_path / "r.json"
    record.write_text(json.dumps(manual(conditions="軍手持参")), "utf-8")
    run_cli(tmp_path, "checkin", "--activity", "demo-jichikai", "--manual", record, "--at", at)
    out = tmp_path / "attendance.csv"
    code, (result,), _ = run_cli(tmp_path, "export", "--format", "csv", "--out", out)
    assert code == 0 and result["rows"] == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = raw.decode("utf-8-sig").split("\r\n")[:2]
    assert header.startswith("記録ID,活動ID,活動名")
    assert "山田 太郎" in row and "軍手持参" in row and "新潟県十日町市" in row
    code, _, err = run_cli(tmp_path, "export", "--format", "csv", "--out", tmp_path / "no" / "dir.csv")
    assert code == 2 and "does not exist" in err
