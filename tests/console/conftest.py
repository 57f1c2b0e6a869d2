"""The staff console against the real central on loopback (uvicorn in a thread, tests/central/server.py),
over SQLite and, when FURUSATO_TEST_PG_URL is set, PostgreSQL.

Local governments: 札幌市 (011002, a designated city with wards), 函館市 (012025), both in 北海道
(010006), and 千代田区 (131016) in Tokyo. Users: admin / staff / viewer of 札幌市, an admin of 函館市,
a staff member of 北海道, an admin of 千代田区.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from sqlalchemy import Engine

from central import admin, enrollment
from central.console import accounts
from furusato.manual_record import validate_manual_record
from tests.central.server import RunningCentral, backends, database_url
from tests.central.station_sim import StationSim
from tests.console.browser import browser, page_factory  # noqa: F401  (fixtures for the browser tests)

SAPPORO, HAKODATE, HOKKAIDO, CHIYODA = "011002", "012025", "010006", "131016"
PASSWORD = "correct horse battery staple"
USERS = {
    "sapporo-admin": (SAPPORO, "admin"),
    "sapporo-staff": (SAPPORO, "staff"),
    "sapporo-viewer": (SAPPORO, "viewer"),
    "hakodate-admin": (HAKODATE, "admin"),
    "hokkaido-staff": (HOKKAIDO, "staff"),
    "chiyoda-admin": (CHIYODA, "admin"),
}


@dataclass
class ConsoleCentral:
    url: str
    engine: Engine
    running: RunningCentral

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=20, follow_redirects=False)

    @contextlib.contextmanager
    def sign_in(self, login: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
        with self.client() as http:
            answer = post_login(http, login, password)
            assert answer.status_code == 303, answer.text
            yield http


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def post_login(http: httpx.Client, login: str, password: str) -> httpx.Response:
    page = http.get("/console/login")
    return http.post("/console/login", data={"login": login, "password": password, "csrf": csrf_of(page.text)})


def seed(engine: Engine) -> None:
    with engine.begin() as conn:
        for code in (SAPPORO, HAKODATE, HOKKAIDO, CHIYODA):
            admin.upsert_lg(conn, code)
        for login, (lg, role) in USERS.items():
            accounts.create_user(conn, lg, login, role, PASSWORD)
        admin.upsert_activity(conn, id="sapporo-snow", title="雪かきボランティア", kind="designated_project",
                              venue="011011", start="2026-04-10T08:00", end="2026-04-12T17:00", place="大通公園",
                              designating=SAPPORO)
        admin.upsert_activity(conn, id="hakodate-clean", title="函館港の清掃", kind="designated_project",
                              venue=HAKODATE, start="2026-05-01T09:00", end="2026-05-01T12:00")
        admin.upsert_activity(conn, id="chiyoda-pr", title="観光PR", kind="public_role",
                              venue=CHIYODA, start="2026-05-02T09:00", end="2026-05-02T12:00")


def _running(kind: str, folder) -> Iterator[ConsoleCentral]:
    with database_url(kind, folder) as db_url:
        running = RunningCentral(db_url)
        try:
            seed(running.engine)
            yield ConsoleCentral(running.url, running.engine, running)
        finally:
            running.close()


@pytest.fixture(params=backends())
def console_central(request, tmp_path):
    yield from _running(request.param, tmp_path)


@pytest.fixture
def sqlite_console(tmp_path):
    """SQLite only: for tests about the pages rather than the database."""
    yield from _running("sqlite", tmp_path)


# Records as stations send them -------------------------------------------------------------------

PEOPLE = {
    # name → (postal code, phone, e-mail): distinctive values a page must never show to the wrong eyes
    "山田花子": ("0600001", "090-1111-2222", "hanako@example.jp"),
    "函館次郎": ("0400001", "090-3333-4444", "jiro@example.jp"),
    "千代田三郎": ("1000001", "090-5555-6666", "saburo@example.jp"),
}
CARD_NAME = "佐藤一郎"
CARD_SUB = "sub-sapporo-0001"


def manual_details(name: str, day: str = "2026-04-10") -> dict:
    postal, phone, email = PEOPLE[name]
    record = validate_manual_record({"name": name, "postal_code": postal, "address": "1-2-3", "birth_date": "1990-04-01",
                                     "email": email, "phone": phone}, today=date.fromisoformat(day))
    return {**record.personal_details(), **record.record_details()}


def enrolled_station(central: ConsoleCentral, lg: str, label: str) -> StationSim:
    station = StationSim()
    with central.engine.begin() as conn:
        code = enrollment.new_code(conn, lg)["code"]
    with central.client() as http:
        answer = http.post("/v1/enroll", json={"code": code, "device_id": station.device_id,
                                               "public_jwk": station.public_jwk(), "label": label})
        assert answer.status_code == 200, answer.text
    return station


def send(central: ConsoleCentral, station: StationSim, records: list[dict]) -> list[dict]:
    with central.client() as http:
        answer = http.post("/v1/records", json={"device_id": station.device_id, "records": records})
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def populate(central: ConsoleCentral) -> dict:
    """A Sapporo station with a hand-recorded and a card check-in (and the card one cancelled on
    another day), a Hakodate station and a Chiyoda station with one hand-recorded check-in each."""
    sapporo = enrolled_station(central, SAPPORO, "札幌 受付1")
    hakodate = enrolled_station(central, HAKODATE, "函館 受付1")
    chiyoda = enrolled_station(central, CHIYODA, "千代田 受付1")
    manual = sapporo.record(activity="sapporo-snow", day="2026-04-10", person="manual:" + "a" * 64,
                            details=manual_details("山田花子"))
    checkin = sapporo.record(activity="sapporo-snow", day="2026-04-11", person=f"card:{CARD_SUB}",
                             details={"name": CARD_NAME, "token": "x.y.z"})
    results = send(central, sapporo, [manual, checkin])
    checkin_id = json.loads(checkin["payload"])["id"]
    results += send(central, sapporo, [sapporo.record(activity="sapporo-snow", day="2026-04-11",
                                                      person=f"card:{CARD_SUB}", record_type="cancel",
                                                      extra={"ref": checkin_id, "reason": "二重登録"})])
    results += send(central, hakodate, [hakodate.record(activity="hakodate-clean", day="2026-05-01",
                                                        person="manual:" + "b" * 64,
                                                        details=manual_details("函館次郎", "2026-05-01"))])
    results += send(central, chiyoda, [chiyoda.record(activity="chiyoda-pr", day="2026-05-02",
                                                      person="manual:" + "c" * 64,
                                                      details=manual_details("千代田三郎", "2026-05-02"))])
    assert all(r["status"] == "accepted" for r in results), results
    return {"sapporo": sapporo, "hakodate": hakodate, "chiyoda": chiyoda}


APPLICANT = "sub-applicant-0001"


def pending_application(central: ConsoleCentral, station: StationSim | None = None) -> str:
    """A card holder with three attendances in 札幌市 who applied for premium there: pending review."""
    from central import applications

    station = station or enrolled_station(central, SAPPORO, "札幌 受付2")
    with central.engine.begin() as conn:
        admin.upsert_person(conn, APPLICANT, residence=CHIYODA, mynumber_verified=True)
        for n in range(3):
            admin.upsert_activity(conn, id=f"sapporo-grass-{n}", title=f"草刈り {n + 1}", kind="designated_project",
                                  venue=SAPPORO, start=f"2026-06-0{n + 1}T08:00", end=f"2026-06-0{n + 1}T12:00")
    send(central, station, [station.record(activity=f"sapporo-grass-{n}", day=f"2026-06-0{n + 1}",
                                           person=f"card:{APPLICANT}", details={"name": "申請花子"})
                            for n in range(3)])
    with central.engine.begin() as conn:
        answer, _ = applications.apply(conn, APPLICANT, SAPPORO)
    assert answer["status"] == "pending_review", answer
    return answer["id"]


LIST_HEADER = ["活動名", "活動内容", "開始日時", "終了日時", "場所", "氏名", "郵便番号", "住所", "生年月日", "メールアドレス",
               "電話番号"]
LIST_ACTIVITY = ["町内会の草刈り", "公園の草刈り", "2026-05-10 09:00", "2026-05-10 12:00", "中央公園"]


def organiser_list(path, people: list[list[str]], activity: list[str] | None = None):
    """An organiser's .xlsx list: one row per person (name, postal code, address, born, e-mail, phone)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(LIST_HEADER)
    for person in people:
        book.active.append([*(activity or LIST_ACTIVITY), *person])
    book.save(path)
    return path
