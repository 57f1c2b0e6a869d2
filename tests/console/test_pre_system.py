"""Records kept before the system: an organiser's list (.xlsx or CSV) and the one-record form, checked
by the station's manual-form rules; failing rows named with reasons; nothing half-imported;
hostile files refused whole."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook
from sqlalchemy import func, select

from central import record_details
from central.console import pre_system
from central.store.tables import activities, attendance, attendance_evidence, devices, records
from tests.console.conftest import csrf_of

HEADER = ["活動名", "活動内容", "開始日時", "終了日時", "場所", "氏名", "郵便番号", "住所", "生年月日", "メールアドレス",
          "電話番号", "参加日"]
GOOD = ["町内会の草刈り", "公園の草刈り", "2026-05-10 09:00", "2026-05-11 12:00", "中央公園", "草野みどり", "060-0001",
        "1-1", "1985-06-01", "midori@example.jp", "090-1234-5678", ""]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding)


def upload(http, name: str, content: bytes, **form):
    csrf = csrf_of(http.get("/console/records").text)
    return http.post("/console/records/upload", data={"csrf": csrf, "kind": "designated_project", **form},
                     files={"file": (name, content)})


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_a_good_list_goes_in_whole_as_signed_console_records(sqlite_console):
    rows = [HEADER, GOOD, [*GOOD[:5], "森田たけし", "０６０－０００１", "2-2", "平成2年4月1日", "ＴＡＫＥＳＨＩ＠example.jp",
                           "011-222-3333", "2026-05-11"]]
    with sqlite_console.sign_in("sapporo-staff") as http:
        answer = upload(http, "list.xlsx", xlsx(rows))
        assert answer.status_code == 303 and "n=2" in answer.headers["location"]
        activity_page = http.get("/console/activities?when=all").text
        assert "町内会の草刈り" in activity_page
    with sqlite_console.engine.connect() as conn:
        stored = conn.execute(select(records.c.record_id, records.c.device_id, records.c.day, records.c.details,
                                     records.c.flags)).all()
        details = {r.record_id: record_details.from_stored(conn, r.record_id, r.details) for r in stored}
        device = conn.execute(select(devices).where(devices.c.kind == "console")).one()
        activity = conn.execute(select(activities).where(activities.c.id.like("p-%"))).one()
    assert {r.device_id for r in stored} == {"console-011002"} and device.last_seq == 2
    assert sorted(r.day for r in stored) == ["2026-05-10", "2026-05-11"]
    assert all(r.flags == [] for r in stored)  # the details match the signed digest, the activity is known
    morita = next(d for d in details.values() if d["name"] == "森田たけし")  # read through record_details
    assert morita["birth_date"] == "1990-04-01" and morita["postal_code"] == "0600001"  # normalised as a station does
    assert morita["email"] == "TAKESHI@example.jp"
    assert activity.designating_lg == "011002" and activity.venue == "011002" and activity.content == "公園の草刈り"


def test_one_bad_row_and_nothing_is_imported(sqlite_console):
    bad = [*GOOD[:5], "", "060-0001", "2-2", "2090-01-01", "not-an-email", "12345", ""]
    early = [*GOOD]
    early[2], early[3] = "2026-03-31 09:00", "2026-03-31 12:00"
    with sqlite_console.sign_in("sapporo-staff") as http:
        answer = upload(http, "list.xlsx", xlsx([HEADER, GOOD, bad, early]))
    assert answer.status_code == 400 and "何も取り込んでいません" in answer.text
    table = answer.text.split('<table class="errors">')[1]
    for text in ("氏名", "入力してください", "生年月日が未来です", "メールアドレスが正しくありません", "電話番号が正しくありません",
                 "2026年4月1日より前の活動は記録できません"):
        assert text in table, text
    assert ">3<" in table and ">4<" in table and ">2<" not in table
    assert count(sqlite_console.engine, records) == 0 and count(sqlite_console.engine, activities) == 3


def test_uploading_the_same_list_twice_finds_duplicates_and_adds_nothing(sqlite_console):
    content = xlsx([HEADER, GOOD])
    with sqlite_console.sign_in("sapporo-staff") as http:
        assert upload(http, "list.xlsx", content).status_code == 303
        again = upload(http, "list.xlsx", content)
        assert again.status_code == 400 and "同じ人・同じ活動・同じ日の記録が既にあります" in again.text
        twice = upload(http, "twice.csv", csv_bytes([HEADER, GOOD, GOOD[:5] + ["草野 みどり"] + GOOD[6:]]))
        assert twice.status_code == 400 and "ファイルの中で同じ人・同じ活動・同じ日が重複しています" in twice.text
    assert count(sqlite_console.engine, records) == 1 and count(sqlite_console.engine, attendance_evidence) == 1


def test_csv_in_utf8_and_in_shift_jis(sqlite_console):
    second = GOOD[:5] + ["森田たけし", "060-0001", "2-2", "1990-04-01", "t@example.jp", "011-222-3333", ""]
    with sqlite_console.sign_in("sapporo-staff") as http:
        assert upload(http, "a.csv", csv_bytes([HEADER, GOOD])).status_code == 303
        assert upload(http, "b.csv", csv_bytes([HEADER, second], "cp932")).status_code == 303
    with sqlite_console.engine.connect() as conn:
        names = {record_details.from_stored(conn, r.record_id, r.details)["name"]
                 for r in conn.execute(select(records.c.record_id, records.c.details))}
    assert names == {"草野みどり", "森田たけし"}


def test_hostile_files_are_refused_whole(sqlite_console):
    cases = {
        "missing.csv": (csv_bytes([["氏名", "電話番号"], ["a", "b"]]), "必要な列がありません"),
        "empty.csv": (b"", "データの行がありません"),
        "header-only.xlsx": (xlsx([HEADER]), "データの行がありません"),
        "garbage.xlsx": (b"PK\x03\x04" + bytes(range(256)) * 10, "ファイルが読めません"),
        "random.csv": (bytes(range(128, 256)) * 50, None),
        "huge.csv": (b"a" * (pre_system.UPLOAD_MAX_BYTES + 10), "ファイルが大きすぎます"),
        "many.csv": (csv_bytes([HEADER] + [GOOD] * (pre_system.MAX_ROWS + 1)), "行が多すぎます"),
    }
    with sqlite_console.sign_in("sapporo-staff") as http:
        for name, (content, message) in cases.items():
            answer = upload(http, name, content)
            assert answer.status_code == 400, name
            if message:
                assert message in answer.text, name
        surrogate = GOOD[:5] + ["\ud800名前"] + GOOD[6:]
        answer = upload(http, "s.csv", "\r\n".join(",".join(r) for r in [HEADER, surrogate])
                        .encode("utf-8", "surrogatepass"))
        assert answer.status_code == 400
        nested = upload(http, "n.csv", csv_bytes([HEADER, [json.dumps({"a": [[[[1]]]]})] * len(HEADER)]))
        assert nested.status_code == 400 and "errors" in nested.text
    assert count(sqlite_console.engine, records) == 0


def test_the_one_record_form(sqlite_console):
    with sqlite_console.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/records").text)
        form = {"csrf": csrf, "activity": "sapporo-snow", "day": "2026-04-13", "name": "記録 太郎",
                "postal_code": "0600001", "address": "1-1", "birth_date": "昭和60年1月1日", "email": "taro@example.jp",
                "phone": "09012345678"}
        outside = http.post("/console/records/one", data=form)
        assert outside.status_code == 400 and "活動の期間外の日です" in outside.text
        bad_phone = http.post("/console/records/one", data={**form, "day": "2026-04-11", "phone": "123"})
        assert bad_phone.status_code == 400 and "電話番号が正しくありません" in bad_phone.text
        assert count(sqlite_console.engine, records) == 0
        done = http.post("/console/records/one", data={**form, "day": "2026-04-11"})
        assert done.status_code == 303
        again = http.post("/console/records/one", data={**form, "day": "2026-04-11", "name": "記録太郎"})
        assert again.status_code == 400 and "既にあります" in again.text
        page = http.get("/console/activities/sapporo-snow").text
        assert "記録 太郎" in page and "管理画面で入力" in page
    with sqlite_console.engine.connect() as conn:
        assert conn.execute(select(records.c.device_id)).scalars().all() == ["console-011002"]


def test_pre_system_records_count_with_the_same_person_from_a_station(sqlite_console):
    """A person typed in the console and recorded by hand at a station are one person here."""
    from tests.console.conftest import enrolled_station, manual_details, send

    station = enrolled_station(sqlite_console, "011002", "札幌 受付")
    send(sqlite_console, station, [station.record(activity="sapporo-snow", day="2026-04-10",
                                                  person="manual:" + "d" * 64, details=manual_details("山田花子"))])
    details = manual_details("山田花子")
    with sqlite_console.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/records").text)
        same_day = http.post("/console/records/one", data={
            "csrf": csrf, "activity": "sapporo-snow", "day": "2026-04-10", "name": "山田 花子",
            "postal_code": details["postal_code"], "address": "1-2-3", "birth_date": details["birth_date"],
            "email": details["email"], "phone": "090-1111-2222"})
        assert same_day.status_code == 400 and "既にあります" in same_day.text
    with sqlite_console.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(attendance)).scalar() == 1
