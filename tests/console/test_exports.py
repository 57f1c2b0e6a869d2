"""Attendance as .xlsx: Japanese headers, text cells for codes, phones and postal codes, personal
columns only for roles that see them, typed text never turned into a formula, exports audited."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from central.store.tables import console_audit
from tests.console.conftest import csrf_of, populate
from tests.console.test_pre_system import GOOD, HEADER, csv_bytes, upload


def workbook(answer):
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return header, [{header[i]: c for i, c in enumerate(row)} for row in rows[1:]]


def test_activity_attendance_for_staff(sqlite_console):
    populate(sqlite_console)
    with sqlite_console.sign_in("sapporo-staff") as http:
        header, rows = workbook(http.get("/console/activities/sapporo-snow/attendance.xlsx"))
    assert header[:3] == ["活動ID", "活動名", "開催地コード"] and "氏名" in header and "電話番号" in header
    hanako = next(r for r in rows if r["氏名"].value == "山田花子")
    for column, value in (("郵便番号", "060-0001"), ("電話番号", "090-1111-2222"), ("開催地コード", "011011"),
                          ("活動日", "2026-04-10")):
        assert hanako[column].value == value and hanako[column].data_type == "s" and hanako[column].number_format == "@"
    assert hanako["住所"].value.startswith("北海道札幌市中央区") and hanako["集計"].value == "○"
    cancelled = next(r for r in rows if r["氏名"].value == "佐藤一郎")
    assert cancelled["集計"].value == "取消済み" and cancelled["記録の方法"].value == "登録証QR"


def test_viewer_export_has_no_personal_columns(sqlite_console):
    populate(sqlite_console)
    with sqlite_console.sign_in("sapporo-viewer") as http:
        header, rows = workbook(http.get("/console/exports/attendance.xlsx?start=2026-04-01&end=2026-12-31"))
    assert "氏名" not in header and "電話番号" not in header and len(rows) == 2
    text = "".join(str(c.value) for r in rows for c in r.values())
    assert "山田花子" not in text and "hanako" not in text and "1111" not in text
    with sqlite_console.engine.connect() as conn:
        facts = conn.execute(select(console_audit.c.facts).where(console_audit.c.action == "export_range")).scalar()
    assert facts == {"rows": 2, "start": "2026-04-01", "end": "2026-12-31", "personal": False}


def test_range_export_stays_in_the_range_and_refuses_a_bad_one(sqlite_console):
    populate(sqlite_console)
    with sqlite_console.sign_in("hokkaido-staff") as http:
        _, rows = workbook(http.get("/console/exports/attendance.xlsx?start=2026-05-01&end=2026-05-31"))
        assert [r["氏名"].value for r in rows] == ["函館次郎"]
        for query in ("start=2026-05-31&end=2026-05-01", "start=yesterday", "start=2020-01-01&end=2026-01-01"):
            answer = http.get(f"/console/exports/attendance.xlsx?{query}")
            assert answer.status_code == 400 and "期間が正しくありません" in answer.text, query


def test_text_typed_as_a_formula_stays_text(sqlite_console):
    formula = GOOD[:5] + ["=2+3"] + GOOD[6:]  # a CSV cell is text, whatever it starts with
    with sqlite_console.sign_in("sapporo-staff") as http:
        assert upload(http, "f.csv", csv_bytes([HEADER, formula])).status_code == 303
        page = http.get("/console/activities?when=all").text
        activity = page.split('href="/console/activities/p-')[1].split('"')[0]
        assert csrf_of(page)
        _, rows = workbook(http.get(f"/console/activities/p-{activity}/attendance.xlsx"))
    cell = rows[0]["氏名"]
    assert cell.value == "=2+3" and cell.data_type == "s"
