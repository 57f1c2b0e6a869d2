"""`new-activity` and `activity-qr` as scripts use them (CONTRACTS §3), through the real process."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

from furusato.activity import JST
from tests.store.cli_runner import run_cli


def test_new_activity_then_its_code_as_png_and_poster(tmp_path):
    start = datetime.now(JST).replace(microsecond=0)
    code, out, err = run_cli(tmp_path, "new-activity", "--title", "消防団 夜間訓練", "--kind", "public_interest_body",
                             "--start", start.isoformat(), "--end", (start + timedelta(hours=2)).isoformat(),
                             "--place", "第3分団 詰所", "--content", "放水訓練")
    assert code == 0, err
    created = out[0]
    assert created["id"].startswith("st-") and created["status"] == "proposed"
    code, listed, _ = run_cli(tmp_path, "activities")
    mine = [a for a in listed[0] if a["id"] == created["id"]]
    assert mine and mine[0]["status"] == "proposed" and mine[0]["venue"] == "152102"

    code, out, _ = run_cli(tmp_path, "activity-qr", "--activity", created["id"], "--out", tmp_path / "qr.png")
    assert code == 0 and out[0]["out"].endswith("qr.png") and out[0]["token"].count(".") == 2
    code, decoded, _ = run_cli(tmp_path, "decode", tmp_path / "qr.png")
    assert decoded[0]["text"] == out[0]["token"]

    code, out, err = run_cli(tmp_path, "activity-qr", "--activity", created["id"], "--out", tmp_path / "poster.pdf")
    assert code == 0, err
    assert "Fatal" not in err  # the Qt application made for the PDF is torn down before the interpreter
    text = subprocess.run(["pdftotext", str(tmp_path / "poster.pdf"), "-"], capture_output=True, text=True).stdout
    assert "訓練" in text and "第3分団" in text

    code, out, _ = run_cli(tmp_path, "activity-qr", "--activity", created["id"])
    assert code == 0 and out[0]["out"] is None


def test_refusals_name_the_field(tmp_path):
    now = datetime.now(JST).isoformat()
    code, out, _ = run_cli(tmp_path, "new-activity", "--title", "", "--kind", "public_role", "--start", now, "--end", now)
    assert code == 1 and out[0]["field"] == "title"
    code, out, _ = run_cli(tmp_path, "new-activity", "--title", "会議", "--kind", "public_role", "--start", now,
                           "--end", now)
    assert code == 1 and (out[0]["field"], out[0]["reason"]) == ("end", "end_before_start")
    code, out, _ = run_cli(tmp_path, "new-activity", "--title", "会議", "--kind", "public_role", "--start", now,
                           "--end", "2099-01-01T00:00", "--venue", "12345")
    assert code == 1 and (out[0]["field"], out[0]["reason"]) == ("venue", "unknown_code")
    code, out, _ = run_cli(tmp_path, "new-activity", "--title", "会議", "--kind", "public_role", "--start", now,
                           "--end", "2099-01-01T00:00")
    assert code == 1 and (out[0]["field"], out[0]["reason"]) == ("end", "too_long_period")
    code, out, _ = run_cli(tmp_path, "new-activity", "--title", "会議", "--kind", "party", "--start", now, "--end", now)
    assert code == 2
    code, out, _ = run_cli(tmp_path, "activity-qr", "--activity", "no-such-activity")
    assert code == 1 and out[0]["field"] == "activity"
    code, out, _ = run_cli(tmp_path, "activity-qr", "--activity", "demo-kusakari", "--out", tmp_path / "x.gif")
    assert code == 2
