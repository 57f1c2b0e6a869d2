"""Every console page's access rule, over HTTP against the real central (SQLite and PostgreSQL):
anonymous → the sign-in page; another local government's things → 404 and absent from lists;
a viewer changes nothing (403) and sees no personal value; a prefecture reads its municipalities'
records; every form needs the session's CSRF token."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from central.store.tables import applications, console_audit, devices
from tests.console.conftest import (
    CARD_NAME,
    CARD_SUB,
    PEOPLE,
    csrf_of,
    pending_application,
    populate,
)

SAPPORO_PERSON_VALUES = ("山田花子", "090-1111-2222", "hanako@example.jp", "060-0001", "+819011112222", CARD_NAME)
HAKODATE_PERSON_VALUES = ("函館次郎", "090-3333-4444", "jiro@example.jp")
CHIYODA_PERSON_VALUES = ("千代田三郎", "090-5555-6666", "saburo@example.jp")

GET_PAGES = (
    "/console/activities", "/console/activities?when=all", "/console/activities/sapporo-snow",
    "/console/activities/sapporo-snow/qr", "/console/activities/sapporo-snow/poster.pdf",
    "/console/activities/sapporo-snow/attendance.xlsx", "/console/activities/new", "/console/activities/sapporo-snow/edit",
    "/console/stations", "/console/people", "/console/people?q=%E5%B1%B1%E7%94%B0", "/console/people/PERSON",
    "/console/applications", "/console/settings", "/console/records", "/console/exports",
    "/console/exports/attendance.xlsx?start=2026-04-01&end=2026-12-31", "/console/audit",
)


def post_routes(app_id: str, station_id: str) -> list[tuple[str, dict]]:
    return [
        ("/console/activities", {"title": "x", "kind": "designated_project", "venue": "011002",
                                 "start": "2026-08-01T09:00", "end": "2026-08-01T10:00"}),
        ("/console/activities/sapporo-snow", {"title": "変えた", "kind": "designated_project", "venue": "011002",
                                              "start": "2026-04-10T08:00", "end": "2026-04-12T17:00"}),
        ("/console/stations/codes", {"days": "7"}),
        (f"/console/stations/{station_id}/revoke", {}),
        (f"/console/applications/{app_id}/approve", {"note": ""}),
        (f"/console/applications/{app_id}/refuse", {"note": "理由"}),
        ("/console/premium/lapse", {}),
        ("/console/settings", {"required": "4"}),
        ("/console/users", {"login": "new-user", "role": "viewer", "password": "a long password 1"}),
        ("/console/users/1/disable", {}),
        ("/console/records/one", {"activity": "sapporo-snow", "day": "2026-04-10"}),
    ]


@pytest.fixture
def world(console_central):
    stations = populate(console_central)
    app_id = pending_application(console_central, stations["sapporo"])
    person = "manual:"  # the central's own identity of 山田花子, read back from the attendance
    with console_central.engine.connect() as conn:
        from central.store.tables import attendance

        person = conn.execute(select(attendance.c.person).where(attendance.c.activity_id == "sapporo-snow",
                                                                attendance.c.day == "2026-04-10")).scalar()
    return {"central": console_central, "stations": stations, "app_id": app_id, "person": person}


def pages(person: str) -> list[str]:
    return [p.replace("PERSON", person) for p in GET_PAGES]


def text_of(answer) -> str:
    if answer.headers.get("content-type", "").startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(answer.content))
        return "\n".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None)
    if answer.headers.get("content-type") == "application/pdf":
        return ""
    return answer.text


def test_anonymous_gets_the_sign_in_page_everywhere(world):
    central = world["central"]
    with central.client() as http:
        for path in pages(world["person"]):
            answer = http.get(path)
            assert answer.status_code == 303 and answer.headers["location"] == "/console/login", path
        for path, form in post_routes(world["app_id"], world["stations"]["sapporo"].device_id):
            answer = http.post(path, data={**form, "csrf": "anything"})
            assert answer.status_code == 303 and answer.headers["location"] == "/console/login", path
        assert http.get("/console/login").status_code == 200


def test_a_forged_or_stale_cookie_is_no_session(world):
    central = world["central"]
    with central.client() as http:
        http.cookies.set("frr_console", "forged-token", path="/console")
        assert http.get("/console/activities").headers["location"] == "/console/login"


def test_another_local_governments_things_are_404_and_absent(world):
    central, person = world["central"], world["person"]
    with central.sign_in("chiyoda-admin") as http:
        for path in ("/console/activities/sapporo-snow", "/console/activities/sapporo-snow/qr",
                     "/console/activities/sapporo-snow/poster.pdf", "/console/activities/sapporo-snow/attendance.xlsx",
                     "/console/activities/sapporo-snow/edit", f"/console/people/{person}",
                     f"/console/people/card:{CARD_SUB}", "/console/activities/hakodate-clean"):
            assert http.get(path).status_code == 404, path
        csrf = csrf_of(http.get("/console/stations").text)
        sapporo_station = world["stations"]["sapporo"].device_id
        for path, form in [("/console/activities/sapporo-snow", post_routes("x", "y")[1][1]),
                           (f"/console/stations/{sapporo_station}/revoke", {}),
                           (f"/console/applications/{world['app_id']}/approve", {}),
                           (f"/console/applications/{world['app_id']}/refuse", {"note": "no"}),
                           ("/console/records/one", {"activity": "sapporo-snow", "day": "2026-04-10"})]:
            assert http.post(path, data={**form, "csrf": csrf}).status_code == 404, path
        listed = "\n".join(text_of(http.get(p)) for p in (
            "/console/activities?when=all", "/console/people", "/console/people?q=%E5%B1%B1", "/console/stations",
            "/console/applications", "/console/records", "/console/exports/attendance.xlsx?start=2026-04-01&end=2026-12-31"))
        for value in SAPPORO_PERSON_VALUES + HAKODATE_PERSON_VALUES + ("sapporo-snow", "雪かき", "札幌 受付1",
                                                                       CARD_SUB, world["app_id"]):
            assert value not in listed, value
        assert "千代田三郎" in listed  # its own people are there
    with central.engine.connect() as conn:  # nothing of Sapporo's changed
        assert conn.execute(select(devices.c.status).where(devices.c.id == sapporo_station)).scalar() == "active"
        assert conn.execute(select(applications.c.status).where(applications.c.id == world["app_id"])
                            ).scalar() == "pending_review"


def test_viewer_reads_but_changes_nothing_and_sees_no_personal_value(world):
    central = world["central"]
    with central.sign_in("sapporo-viewer") as http:
        seen = []
        for path in pages(world["person"]):
            answer = http.get(path)
            if path.endswith(("/new", "/edit", "/audit")):
                assert answer.status_code == 403, path
                continue
            assert answer.status_code == 200, path
            seen.append(text_of(answer))
        everything = "\n".join(seen)
        for value in SAPPORO_PERSON_VALUES + ("二重登録",):
            assert value not in everything, value
        assert "sapporo-snow" in everything and world["person"][:18] in everything  # pseudonyms are shown
        csrf = csrf_of(http.get("/console/activities").text)
        for path, form in post_routes(world["app_id"], world["stations"]["sapporo"].device_id):
            assert http.post(path, data={**form, "csrf": csrf}).status_code == 403, path
        # a name typed into the viewer's search finds nobody: names are not searched for this role
        assert "manual:" not in http.get("/console/people", params={"q": "山田"}).text.split("<tbody>")[1]
    with central.engine.connect() as conn:
        actions = conn.execute(select(console_audit.c.action)).scalars().all()
    assert set(actions) <= {"sign_in", "export_activity", "export_range"}


def test_staff_see_names_in_their_area(world):
    with world["central"].sign_in("sapporo-staff") as http:
        detail = http.get("/console/activities/sapporo-snow").text
        assert "山田花子" in detail and CARD_NAME in detail and "二重登録" in detail  # the cancellation's reason
        person = http.get(f"/console/people/{world['person']}").text
        assert "hanako@example.jp" in person and "090-1111-2222" in person
        assert "山田花子" in http.get("/console/people", params={"q": "山田"}).text
        assert "函館次郎" not in http.get("/console/people").text


def test_prefecture_reads_its_municipalities_but_decides_only_its_own(world):
    central = world["central"]
    with central.sign_in("hokkaido-staff") as http:
        listing = http.get("/console/activities?when=all").text
        assert "雪かきボランティア" in listing and "函館港の清掃" in listing and "観光PR" not in listing
        people = http.get("/console/people").text
        assert "山田花子" in people and "函館次郎" in people and "千代田三郎" not in people
        assert "山田花子" in http.get(f"/console/people/{world['person']}").text
        assert world["app_id"] in http.get("/console/applications").text  # read
        csrf = csrf_of(http.get("/console/activities").text)
        assert http.post(f"/console/applications/{world['app_id']}/approve", data={"csrf": csrf}).status_code == 403
        assert http.get("/console/activities/sapporo-snow/edit").status_code == 403  # Sapporo designated it
        exported = text_of(http.get("/console/exports/attendance.xlsx?start=2026-04-01&end=2026-12-31"))
        assert "山田花子" in exported and "函館次郎" in exported and "千代田三郎" not in exported


def test_every_form_needs_the_sessions_csrf_token(world):
    central = world["central"]
    with central.sign_in("sapporo-admin") as http:
        for path, form in post_routes(world["app_id"], world["stations"]["sapporo"].device_id):
            assert http.post(path, data=form).status_code == 403, path
            assert http.post(path, data={**form, "csrf": "not-the-token"}).status_code == 403, path
        with central.sign_in("sapporo-staff") as other:  # another session's token is not this one's
            other_csrf = csrf_of(other.get("/console/activities").text)
        assert http.post("/console/stations/codes", data={"csrf": other_csrf}).status_code == 403
    with central.engine.connect() as conn:
        assert conn.execute(select(applications.c.status).where(applications.c.id == world["app_id"])
                            ).scalar() == "pending_review"


def test_pages_load_nothing_from_elsewhere(world):
    with world["central"].sign_in("sapporo-admin") as http:
        for path in pages(world["person"]):
            answer = http.get(path)
            if answer.headers.get("content-type", "").startswith("text/html"):
                assert "default-src 'self'" in answer.headers["content-security-policy"]
                assert "http://" not in answer.text.replace("http://127.0.0.1", "") or path == "/console/stations"
                assert "https://" not in answer.text, path


def test_audit_log_names_changes_without_personal_values(world):
    central = world["central"]
    with central.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/activities").text)
        http.post("/console/applications/" + world["app_id"] + "/refuse", data={"csrf": csrf, "note": "山田花子 本人不在"})
        http.post("/console/stations/codes", data={"csrf": csrf, "days": "3"})
    with central.engine.connect() as conn:
        rows = conn.execute(select(console_audit)).all()
    text = json.dumps([dict(r._mapping) for r in rows], ensure_ascii=False)
    assert "application_refuse" in text and "enrollment_code_created" in text
    for value in SAPPORO_PERSON_VALUES + ("本人不在",) + tuple(PEOPLE):
        assert value not in text
