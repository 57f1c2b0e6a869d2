"""`export --format csv|xlsx`: what a Japanese office opens, read back the way it would be read.

Real `furusato-field` processes on a fresh station; the workbook is read with openpyxl (not the
library that wrote it) and the CSV with the csv module, column by column.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from desktop.privacy.audit_log import AuditLog
from desktop.station import Station
from furusato.activity import JST
from furusato.card_token import issue_card
from furusato.keys import KeySet, generate_key, save_jwks
from tests.store.cli_runner import run_cli
from tests.store.records import manual

HEADERS = [
    "記録ID", "活動ID", "活動名", "活動内容", "活動開始日時", "活動終了日時", "活動場所（団体コード）",
    "活動場所（自治体）", "活動場所（詳細）", "活動日", "受付日時", "退出日時", "状態", "訂正・取消理由", "区分",
    "登録証ID", "氏名", "氏名（カナ）", "郵便番号", "住所", "生年月日", "メールアドレス", "電話番号", "性別",
    "参加条件", "受付時刻（申告）", "保護者同意",
]
HEADERS_WAREKI = HEADERS[:10] + ["活動日（和暦）"] + HEADERS[10:21] + ["生年月日（和暦）"] + HEADERS[21:]


def _noon():
    # The demo seeds around the real today; the all-day meeting is open until 23:59 Japan time.
    return datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)


def _checkin(data_dir, record: dict, at: datetime, activity="demo-jichikai"):
    path = data_dir.parent / f"record-{record['name']}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    code, (result,), _ = run_cli(data_dir, "checkin", "--activity", activity, "--manual", path, "--at", at.isoformat())
    assert (code, result["outcome"]) == (0, "recorded"), result
    return result["record_id"]


def _sheet(path):
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["受付記録"]
    return list(book.active.iter_rows())


def _by_header(rows):
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "station"


def test_acceptance_two_hand_records_to_xlsx_keep_postal_and_phone_as_text(data_dir, tmp_path):
    """Issue 12's acceptance: 040-0001 and 090-1234-5678 read back as text, headers Japanese."""
    noon = _noon()
    _checkin(data_dir, manual(name="青森 花子", postal_code="040-0001", phone="090-1234-5678"), noon)
    _checkin(data_dir, manual(name="山田 太郎", postal_code="942-1526", phone="025-595-1234"), noon + timedelta(minutes=5))
    out = tmp_path / "受付.xlsx"
    code, (result,), _ = run_cli(data_dir, "export", "--format", "xlsx", "--out", out)
    assert code == 0 and result == {"format": "xlsx", "out": str(out), "rows": 2}
    rows = _sheet(out)
    assert [c.value for c in rows[0]] == HEADERS
    hanako = next(r for r in _by_header(rows) if r["氏名"].value == "青森 花子")
    for header, text in (("郵便番号", "040-0001"), ("電話番号", "090-1234-5678")):
        cell = hanako[header]
        assert (cell.value, cell.data_type, cell.number_format) == (text, "s", "@")


def test_every_column_of_the_workbook_has_its_type_and_value(data_dir, tmp_path):
    noon = _noon()
    record_id = _checkin(data_dir, manual(
        name="青森 花子", name_kana="あおもり はなこ", postal_code="０４０－０００１", address="五稜郭町1-2",
        birth_date="平成2年4月1日", email="Hanako@Example.JP", phone="090-1234-5678", gender="女性",
        conditions="軍手持参", accepted_at=(noon - timedelta(minutes=3)).replace(second=42).isoformat(),
    ), noon.replace(second=31, microsecond=123456))
    station = Station.open(data_dir)
    activity = station.activities.get("demo-jichikai")
    station.close()
    out = tmp_path / "all.xlsx"
    assert run_cli(data_dir, "export", "--format", "xlsx", "--out", out)[0] == 0
    (row,) = _by_header(_sheet(out))
    texts = {
        "記録ID": record_id, "活動ID": "demo-jichikai", "活動名": activity.title, "活動内容": activity.content,
        "活動場所（団体コード）": "152102", "活動場所（自治体）": "新潟県十日町市", "活動場所（詳細）": activity.place,
        "状態": "有効", "区分": "手書き", "氏名": "青森 花子", "氏名（カナ）": "あおもり はなこ",
        "郵便番号": "040-0001", "住所": "北海道函館市五稜郭町五稜郭町1-2", "メールアドレス": "Hanako@example.jp",
        "電話番号": "090-1234-5678", "性別": "女性", "参加条件": "軍手持参",
    }
    for header, value in texts.items():
        assert (row[header].value, row[header].data_type, row[header].number_format) == (value, "s", "@"), header
    day = noon.date()
    times = {
        "活動開始日時": activity.starts_at.astimezone(JST).replace(tzinfo=None),
        "活動終了日時": activity.ends_at.astimezone(JST).replace(tzinfo=None),
        "受付日時": noon.replace(tzinfo=None),  # 12:00:31.123456 → to the minute
        "受付時刻（申告）": (noon - timedelta(minutes=3)).replace(tzinfo=None),
    }
    for header, value in times.items():
        cell = row[header]
        assert (cell.value, cell.data_type, cell.number_format) == (value, "d", "yyyy-mm-dd hh:mm"), header
    for header, value in (("活動日", day), ("生年月日", date(1990, 4, 1))):
        cell = row[header]
        assert (cell.value.date(), cell.data_type, cell.number_format) == (value, "d", "yyyy-mm-dd"), header
    for header in ("退出日時", "訂正・取消理由", "登録証ID", "保護者同意"):
        assert row[header].value is None, header
    assert set(row) == set(HEADERS)
    audit = AuditLog.for_data_dir(data_dir).entries()[-1]
    assert audit["event"] == "xlsx_export" and audit["rows"] == 1 and audit["via"] == "cli"
    assert "all.xlsx" not in (data_dir / "audit.jsonl").read_text("utf-8")


def test_csv_gives_the_same_columns_as_text_with_bom_and_crlf(data_dir, tmp_path):
    noon = _noon()
    _checkin(data_dir, manual(name="青森 花子", postal_code="040-0001", gender="male",
                              conditions="=HYPERLINK(\"http://x\")"), noon.replace(second=59, microsecond=999999))
    out = tmp_path / "a.csv"
    code, (result,), _ = run_cli(data_dir, "export", "--format", "csv", "--out", out)
    assert code == 0 and result["rows"] == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 2
    with out.open(encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header == HEADERS
    row = dict(zip(header, row, strict=True))
    assert row["郵便番号"] == "040-0001" and row["電話番号"] == "090-1234-5678"
    assert row["受付日時"] == f"{noon:%Y-%m-%d} 12:00"  # seconds and microseconds dropped
    assert row["活動日"] == noon.date().isoformat() and row["生年月日"] == "1990-04-01"
    assert row["状態"] == "有効" and row["区分"] == "手書き" and row["性別"] == "男性"
    # A formula typed as free text is not run by the spreadsheet (CSV injection).
    assert row["参加条件"] == "'=HYPERLINK(\"http://x\")"
    assert AuditLog.for_data_dir(data_dir).entries()[-1]["event"] == "csv_export"


def test_cards_cancelled_and_corrected_rows_in_japanese(tmp_path):
    root = tmp_path / "station"
    root.mkdir()
    platform = generate_key()
    save_jwks(root / "trusted_keys.jwks.json", KeySet.of(platform).to_jwks())
    noon = _noon()
    station = Station.open(root, now=noon)
    from desktop.checkin import CheckinService

    service = CheckinService(station)
    iat = int(noon.timestamp()) - 60
    card = service.check_in_token("demo-jichikai", issue_card(platform, iss="frr", sub="card-holder-01",
                                                              name="佐藤 花子", iat=iat, days=30), noon)
    gone = service.check_in_manual("demo-jichikai", manual(name="木村 次郎"), noon + timedelta(minutes=1))
    wrong = service.check_in_manual("demo-jichikai", manual(name="木村 二郎", birth="1980-01-01"),
                                    noon + timedelta(minutes=2))
    station.ledger.cancel(gone.record_id, reason="二重受付", at=noon + timedelta(minutes=3))
    details = station.ledger.details(wrong.record_id)
    fixed = station.ledger.correct(wrong.record_id, person_key="manual:fixed", details={**details, "name": "木村 三郎"},
                                   reason="漢字の誤り", at=noon + timedelta(minutes=4))
    station.close()
    out = tmp_path / "mixed.xlsx"
    assert run_cli(root, "export", "--format", "xlsx", "--out", out)[0] == 0
    rows = {r["記録ID"].value: r for r in _by_header(_sheet(out))}
    assert set(rows) == {card.record_id, gone.record_id, wrong.record_id, fixed.record_id}
    held = rows[card.record_id]
    assert (held["区分"].value, held["登録証ID"].value, held["氏名"].value) == ("登録証", "card-holder-01", "佐藤 花子")
    assert held["郵便番号"].value is None and held["電話番号"].value is None
    assert (rows[gone.record_id]["状態"].value, rows[gone.record_id]["訂正・取消理由"].value) == ("取消", "二重受付")
    assert (rows[wrong.record_id]["状態"].value, rows[wrong.record_id]["氏名"].value) == ("訂正", "木村 二郎")
    assert (rows[fixed.record_id]["状態"].value, rows[fixed.record_id]["氏名"].value) == ("有効", "木村 三郎")


def test_filters_one_activity_and_a_range_of_days(data_dir, tmp_path):
    noon = _noon()
    today, tomorrow = noon.date(), noon.date() + timedelta(days=1)
    # The snow-clearing activity runs three days: one hand record on day one, one on day two.
    _checkin(data_dir, manual(name="一日目 花子"), noon.replace(hour=9), activity="demo-yukioroshi")
    _checkin(data_dir, manual(name="二日目 花子"), (noon + timedelta(days=1)).replace(hour=9), activity="demo-yukioroshi")
    _checkin(data_dir, manual(name="自治会 太郎"), noon, activity="demo-jichikai")

    def names(*args):
        out = tmp_path / "f.csv"
        code, (result,), _ = run_cli(data_dir, "export", "--format", "csv", "--out", out, *args)
        assert code == 0
        with out.open(encoding="utf-8-sig", newline="") as fh:
            found = sorted(r["氏名"] for r in csv.DictReader(fh))
        assert result["rows"] == len(found)
        return found

    assert names() == ["一日目 花子", "二日目 花子", "自治会 太郎"]
    assert names("--activity", "demo-yukioroshi") == ["一日目 花子", "二日目 花子"]
    assert names("--from", tomorrow.isoformat()) == ["二日目 花子"]
    assert names("--to", today.isoformat()) == ["一日目 花子", "自治会 太郎"]
    assert names("--activity", "demo-yukioroshi", "--from", today.isoformat(), "--to", today.isoformat()) == ["一日目 花子"]
    # 和暦 and full-width digits are dates too.
    wareki = f"令和{today.year - 2018}年{today.month}月{today.day}日".translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert names("--from", wareki, "--to", wareki) == ["一日目 花子", "自治会 太郎"]
    assert names("--from", (today + timedelta(days=30)).isoformat()) == []


@pytest.mark.parametrize(("args", "field", "error"), [
    (("--from", "2026-13-01"), "from", "invalid_date"),
    (("--to", "yesterday"), "to", "invalid_date"),
    (("--from", "2026-05-02", "--to", "2026-05-01"), "to", "date_before_from"),
    (("--activity", "no-such-activity"), "activity", "unknown_activity"),
])
def test_bad_filters_are_usage_errors_naming_the_field(data_dir, tmp_path, args, field, error):
    out = tmp_path / "never.xlsx"
    code, lines, err = run_cli(data_dir, "export", "--format", "xlsx", "--out", out, *args)
    assert code == 2 and lines[0]["field"] == field and lines[0]["error"] == error
    assert err.strip() and not out.exists()


def test_a_bundle_takes_no_table_filters_and_a_folder_is_not_a_file(data_dir, tmp_path):
    code, _, err = run_cli(data_dir, "export", "--format", "bundle", "--out", tmp_path / "b.jws", "--activity", "x")
    assert code == 2 and "--activity" in err
    code, (result,), _ = run_cli(data_dir, "export", "--format", "csv", "--out", tmp_path)
    assert code == 2 and result["field"] == "out"


def test_wareki_date_style_adds_wareki_columns(data_dir, tmp_path):
    noon = _noon()
    _checkin(data_dir, manual(name="青森 花子", birth="1989-01-08"), noon)
    station = Station.open(data_dir)
    from desktop.record_settings import RecordSettings

    RecordSettings(station.meta).set_date_style("wareki")
    station.close()
    out = tmp_path / "w.xlsx"
    assert run_cli(data_dir, "export", "--format", "xlsx", "--out", out)[0] == 0
    rows = _sheet(out)
    assert [c.value for c in rows[0]] == HEADERS_WAREKI
    (row,) = _by_header(rows)
    era_year = noon.year - 2018
    assert row["活動日（和暦）"].value == f"令和{era_year if era_year > 1 else '元'}年{noon.month}月{noon.day}日"
    assert (row["生年月日（和暦）"].value, row["生年月日（和暦）"].data_type) == ("平成元年1月8日", "s")
    assert row["生年月日"].value.date() == date(1989, 1, 8)  # the Western date stays, for sorting


def test_a_full_disk_leaves_no_file_and_no_audit(tmp_path):
    """The export process may write only 64 KiB per file (RLIMIT_FSIZE, as a full stick would stop it)."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    root = tmp_path / "station"
    noon = _noon()
    station = Station.open(root, now=noon)
    from desktop.checkin import CheckinService

    service = CheckinService(station)
    for n in range(300):
        assert service.check_in_manual("demo-jichikai", manual(name=f"青森 花子{n}", email=f"h{n}@example.jp"),
                                       noon + timedelta(seconds=n)).outcome == "recorded"
    station.close()
    before = len(AuditLog.for_data_dir(root).entries())

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    sticks = tmp_path / "stick"
    sticks.mkdir()
    for fmt in ("csv", "xlsx"):
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(root), "export", "--format", fmt,
             "--out", str(sticks / f"all.{fmt}")],
            capture_output=True, text=True, timeout=120, preexec_fn=small_files, env=dict(os.environ),
        )
        assert done.returncode == 1, done.stderr
        assert json.loads(done.stdout) == {"error": "write_failed", "field": "out", "detail": "File too large"}
    assert list(sticks.iterdir()) == []  # no half file under the name, no temporary file left behind
    assert len(AuditLog.for_data_dir(root).entries()) == before
    code, (result,), _ = run_cli(root, "export", "--format", "xlsx", "--out", sticks / "all.xlsx")
    assert code == 0 and result["rows"] == 300 and len(_sheet(sticks / "all.xlsx")) == 301  # without the limit


def test_values_that_cannot_be_written_are_replaced_not_fatal():
    """Lone surrogates break UTF-8 and C0 controls break the workbook's XML: shown as U+FFFD."""
    from desktop import attendance_sheet as sheet
    from desktop.store.attendance_view import AttendanceRow

    row = AttendanceRow(record_id="r1", activity_id="gone", day="2026-11-22", person_key="manual:x",
                        entry_at="2026-11-22T10:00:00+09:00", exit_at=None, status="active", changed_by=None,
                        reason="理由\x00\x1b", details={"name": "佐藤\ud800花子", "conditions": "a\tb\nc"})
    chosen = sheet.columns()
    (values,) = sheet.values([row], {}, chosen)
    by_key = dict(zip((c.key for c in chosen), values, strict=True))
    assert by_key["name"] == "佐藤\ufffd花子" and by_key["reason"] == "理由\ufffd\ufffd"
    assert by_key["conditions"] == "a\tb\nc"  # tabs and line breaks are ordinary text
    assert by_key["activity_title"] is None  # an activity this station no longer knows: blank, not a crash
