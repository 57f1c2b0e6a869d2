"""Designating what stations proposed, over HTTP against the real central (SQLite and PostgreSQL):
the 提案中 list, 指定する / 指定しない on an activity's page, 包括指定 on the stations page, and each new
route's access rule — anonymous → sign-in; another local government → 404; viewer → 403; a
prefecture's user reads its municipalities' proposals but does not decide them (403); every form
needs the session's CSRF token. Counts are the eligibility engine's own answer."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from sqlalchemy import func, select

from central.store.tables import activities, attendance, console_audit, devices, records
from tests.console.conftest import (
    HAKODATE,
    SAPPORO,
    csrf_of,
    enrolled_station,
)
from tests.console.proposals import check_in_cards, counts, days_ago, known_people, propose

PEOPLE = ["sub-proposal-0001", "sub-proposal-0002", "sub-proposal-0003"]
REASON = "営利目的の催しのため、担い手活動には当たりません"


@pytest.fixture
def world(console_central):
    """A Sapporo neighbourhood association's station proposing a meeting (three card holders checked in,
    each already counted once at a designated activity), a drill and an activity held in Hakodate; a
    Hakodate station proposing one of its own."""
    central = console_central
    sapporo = enrolled_station(central, SAPPORO, "札幌 町内会")
    hakodate = enrolled_station(central, HAKODATE, "函館 消防団")
    known_people(central, PEOPLE)
    check_in_cards(central, sapporo, "sapporo-snow", days_ago(30), PEOPLE)  # designated: counts already
    propose(central, sapporo, "st-meeting", "町内会 定例会", venue=SAPPORO, designating=SAPPORO, day=days_ago(10))
    check_in_cards(central, sapporo, "st-meeting", days_ago(10), PEOPLE)
    propose(central, sapporo, "st-drill", "町内会 防災訓練", venue="011011", designating=SAPPORO, day=days_ago(5))
    check_in_cards(central, sapporo, "st-drill", days_ago(5), PEOPLE[:1])
    propose(central, sapporo, "st-neighbour", "函館での交流会", venue=HAKODATE, designating=SAPPORO, day=days_ago(3))
    propose(central, hakodate, "st-hakodate", "消防団 夜間訓練", venue=HAKODATE, designating=HAKODATE, day=days_ago(2))
    return {"central": central, "sapporo": sapporo, "hakodate": hakodate}


def status_of(central, activity_id: str) -> tuple[str, str | None]:
    with central.engine.connect() as conn:
        row = conn.execute(select(activities.c.status, activities.c.decision_note)
                           .where(activities.c.id == activity_id)).one()
    return row.status, row.decision_note


def decision_routes(station_id: str) -> list[tuple[str, dict]]:
    return [
        ("/console/activities/st-meeting/designate", {}),
        ("/console/activities/st-meeting/refuse", {"reason": REASON}),
        (f"/console/stations/{station_id}/designate", {}),
    ]


def unchanged(world) -> None:
    central = world["central"]
    for activity_id in ("st-meeting", "st-drill", "st-neighbour", "st-hakodate"):
        assert status_of(central, activity_id) == ("proposed", None), activity_id
    with central.engine.connect() as conn:
        assert not conn.execute(select(func.count()).select_from(devices).where(devices.c.designated_whole)).scalar()
    assert counts(central, PEOPLE, SAPPORO) == [1, 1, 1]


def test_anonymous_gets_the_sign_in_page(world):
    with world["central"].client() as http:
        assert http.get("/console/activities?when=proposed").headers["location"] == "/console/login"
        assert http.get("/console/stations?whole=x").headers["location"] == "/console/login"
        for path, form in decision_routes(world["sapporo"].device_id):
            answer = http.post(path, data={**form, "csrf": "anything"})
            assert answer.status_code == 303 and answer.headers["location"] == "/console/login", path
    unchanged(world)


def test_another_local_government_finds_nothing(world):
    central = world["central"]
    with central.sign_in("chiyoda-admin") as http:
        listed = http.get("/console/activities?when=proposed").text
        assert "町内会" not in listed and "消防団" not in listed and "指定を待っている活動はありません" in listed
        assert http.get("/console/activities/st-meeting").status_code == 404
        csrf = csrf_of(http.get("/console/stations").text)
        for path, form in decision_routes(world["sapporo"].device_id):
            assert http.post(path, data={**form, "csrf": csrf}).status_code == 404, path
        page = http.get("/console/stations", params={"whole": world["sapporo"].device_id}).text
        assert "札幌 町内会" not in page
    with central.sign_in("sapporo-staff") as http:  # and Sapporo's staff cannot touch Hakodate's station
        csrf = csrf_of(http.get("/console/stations").text)
        assert http.post("/console/activities/st-hakodate/designate", data={"csrf": csrf}).status_code == 404
        assert http.post(f"/console/stations/{world['hakodate'].device_id}/designate",
                         data={"csrf": csrf}).status_code == 404
    unchanged(world)


def test_a_viewer_sees_the_status_but_no_buttons_and_may_not_decide(world):
    central = world["central"]
    with central.sign_in("sapporo-viewer") as http:
        listed = http.get("/console/activities?when=proposed").text
        assert "町内会 定例会" in listed and "札幌 町内会" in listed
        page = http.get("/console/activities/st-meeting").text
        assert "提案中" in page and "札幌 町内会" in page
        assert "/designate" not in page and "/refuse" not in page and "指定しない理由" not in page
        stations = http.get("/console/stations").text
        assert "包括指定（この団体の活動をまとめて指定）" not in stations and "提案中 3 件" in stations
        csrf = csrf_of(stations)
        for path, form in decision_routes(world["sapporo"].device_id):
            assert http.post(path, data={**form, "csrf": csrf}).status_code == 403, path
    unchanged(world)


def test_a_prefecture_reads_its_municipalities_proposals_but_does_not_decide_them(world):
    central = world["central"]
    with central.sign_in("hokkaido-staff") as http:
        listed = http.get("/console/activities?when=proposed").text
        assert "町内会 定例会" in listed and "消防団 夜間訓練" in listed
        page = http.get("/console/activities/st-meeting").text
        assert "提案中" in page and "/designate" not in page
        assert "この活動の指定は北海道札幌市が行います" in page
        csrf = csrf_of(page)
        assert http.post("/console/activities/st-meeting/designate", data={"csrf": csrf}).status_code == 403
        assert http.post("/console/activities/st-hakodate/refuse",
                         data={"csrf": csrf, "reason": REASON}).status_code == 403
        # the stations page is the local government's own: a municipality's station is not found
        assert http.post(f"/console/stations/{world['sapporo'].device_id}/designate",
                         data={"csrf": csrf}).status_code == 404
    with central.sign_in("hakodate-admin") as http:  # the venue is Hakodate's, the decision Sapporo's
        page = http.get("/console/activities/st-neighbour").text
        assert "函館での交流会" in page and "/designate" not in page
        assert http.post("/console/activities/st-neighbour/designate",
                         data={"csrf": csrf_of(page)}).status_code == 403
    unchanged(world)


def test_every_decision_needs_the_sessions_csrf_token(world):
    with world["central"].sign_in("sapporo-admin") as http:
        for path, form in decision_routes(world["sapporo"].device_id):
            assert http.post(path, data=form).status_code == 403, path
            assert http.post(path, data={**form, "csrf": "not-the-token"}).status_code == 403, path
    unchanged(world)


def test_the_proposed_list_shows_the_station_and_what_it_holds(world):
    with world["central"].sign_in("sapporo-staff") as http:
        listed = http.get("/console/activities?when=proposed").text
        rows = {m.group(1): m.group(0) for m in re.finditer(
            r'<tr>\s*<td><a href="/console/activities/([^"]+)">.*?</tr>', listed, re.S)}
        assert set(rows) == {"st-meeting", "st-drill", "st-neighbour"}  # Hakodate's is not Sapporo's area
        assert "札幌 町内会" in rows["st-meeting"] and '<td class="num">3</td>' in rows["st-meeting"]
        assert '<td class="num">1</td>' in rows["st-drill"] and '<td class="num">0</td>' in rows["st-neighbour"]
        assert 'id="tab-proposed"' in listed and '<span class="badge">3</span>' in listed
        assert "sapporo-snow" not in rows and "雪かき" not in listed.split("<tbody>")[1]


def test_staff_designate_and_the_count_rises_by_one(world):
    central = world["central"]
    with central.sign_in("sapporo-staff") as http:
        page = http.get("/console/activities/st-meeting").text
        assert "指定する" in page and "指定しない" in page and "（指定されるまで回数に入りません）" in page
        assert page.count('<span class="tag warn">保留') == 3
        done = http.post("/console/activities/st-meeting/designate", data={"csrf": csrf_of(page)})
        assert done.status_code == 303 and done.headers["location"] == "/console/activities/st-meeting?done=designated"
        page = http.get(done.headers["location"]).text
        assert "指定しました" in page and 'status-designated">指定済み' in page
        assert "作成した端末" in page and "札幌 町内会" in page  # where it came from
        assert "/designate" not in page and "/refuse" not in page  # nothing left to decide
        assert page.count('<span class="tag good">○</span>') == 3
        again = http.post("/console/activities/st-meeting/designate", data={"csrf": csrf_of(page)})
        assert again.status_code == 409 and "既に指定済みです" in again.text
        refused = http.post("/console/activities/st-meeting/refuse", data={"csrf": csrf_of(page), "reason": REASON})
        assert refused.status_code == 409  # undoing a designation is not the console's
        seeded = http.post("/console/activities/sapporo-snow/designate", data={"csrf": csrf_of(page)})
        assert seeded.status_code == 409  # the console's own activities are designated by making them
        person = http.get(f"/console/people/card:{PEOPLE[0]}").text
        assert "2 / 3 回" in person
    assert status_of(central, "st-meeting") == ("designated", None)
    assert counts(central, PEOPLE, SAPPORO) == [2, 2, 2]
    assert status_of(central, "st-drill") == ("proposed", None)  # the others still wait
    with central.engine.connect() as conn:
        entry = conn.execute(select(console_audit).where(console_audit.c.action == "activity_designated")).one()
    assert entry.target == "st-meeting" and entry.facts["station"] == world["sapporo"].device_id
    assert entry.facts["was"] == "proposed"


@pytest.mark.parametrize(("reason", "shown"), [
    ("", "入力してください"), ("   \n ", "入力してください"), ("あ" * 501, "長すぎます"),
    ("理由\x00", "正しくありません"), ("理由\x1b[31m", "正しくありません"),
])
def test_a_refusal_needs_a_reason_the_station_can_show(sqlite_console, reason, shown):
    central = sqlite_console
    station = enrolled_station(central, SAPPORO, "札幌 町内会")
    propose(central, station, "st-meeting", "町内会 定例会", venue=SAPPORO, designating=SAPPORO, day=days_ago(10))
    with central.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/activities/st-meeting").text)
        answer = http.post("/console/activities/st-meeting/refuse", data={"csrf": csrf, "reason": reason})
        assert answer.status_code == 400 and shown in answer.text and 'aria-invalid="true"' in answer.text
    assert status_of(central, "st-meeting") == ("proposed", None)


def test_refused_records_stay_uncounted_and_the_station_reads_the_reason(world):
    central = world["central"]
    with central.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(records).where(records.c.activity_id == "st-meeting")
                              ).scalar()
    with central.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/activities/st-meeting").text)
        done = http.post("/console/activities/st-meeting/refuse", data={"csrf": csrf, "reason": f"  {REASON} "})
        assert done.status_code == 303 and done.headers["location"].endswith("?done=refused")
        page = http.get(done.headers["location"]).text
        assert "指定しないことにしました" in page and 'status-refused">指定されず' in page and REASON in page
        assert page.count('<span class="tag bad">対象外') == 3  # the three records are shown, not counted
        assert "/designate" in page and "/refuse" not in page  # it may still be designated later
    assert status_of(central, "st-meeting") == ("refused", REASON)
    assert counts(central, PEOPLE, SAPPORO) == [1, 1, 1]
    with central.engine.connect() as conn:
        kept = conn.execute(select(func.count()).select_from(records).where(records.c.activity_id == "st-meeting")
                            ).scalar()
        entry = conn.execute(select(console_audit).where(console_audit.c.action == "activity_refused")).one()
    assert kept == before == 4  # the activity record and the three check-ins
    assert REASON not in json.dumps(dict(entry._mapping), ensure_ascii=False)
    assert entry.facts["reason_chars"] == len(REASON)
    with central.sign_in("sapporo-viewer") as http:
        assert REASON in http.get("/console/activities/st-meeting").text  # the reason is the activity's, not a person's
    # the local government changes its mind: the records were kept, so they count now
    with central.sign_in("sapporo-admin") as http:
        csrf = csrf_of(http.get("/console/activities/st-meeting").text)
        assert http.post("/console/activities/st-meeting/designate", data={"csrf": csrf}).status_code == 303
    assert status_of(central, "st-meeting") == ("designated", None)
    assert counts(central, PEOPLE, SAPPORO) == [2, 2, 2]


def test_a_station_designated_as_a_whole(world):
    central, sapporo = world["central"], world["sapporo"]
    with central.sign_in("sapporo-staff") as http:
        stations = http.get("/console/stations").text
        assert "包括指定（この団体の活動をまとめて指定）" in stations and "提案中 3 件" in stations
        done = http.post(f"/console/stations/{sapporo.device_id}/designate", data={"csrf": csrf_of(stations)})
        assert done.status_code == 303 and done.headers["location"] == f"/console/stations?whole={sapporo.device_id}"
        page = http.get(done.headers["location"]).text
        notice = page.split('id="whole-done"')[1].split("</div>")[0]
        assert "札幌 町内会" in notice
        for title in ("町内会 定例会", "町内会 防災訓練", "函館での交流会"):
            assert title in notice, title
        assert 'class="tag good whole">包括指定<small' in page and "提案中 3 件" not in page
        assert f"/console/stations/{sapporo.device_id}/designate" not in page  # done: no button any more
    for activity_id in ("st-meeting", "st-drill", "st-neighbour"):
        assert status_of(central, activity_id) == ("designated", "designated_whole")
    assert status_of(central, "st-hakodate") == ("proposed", None)
    assert counts(central, PEOPLE, SAPPORO) == [3, 2, 2]  # the meeting for all three, the drill for one
    # what it makes from now on is designated as it arrives
    propose(central, sapporo, "st-next", "町内会 清掃", venue=SAPPORO, designating=SAPPORO, day=days_ago(1))
    check_in_cards(central, sapporo, "st-next", days_ago(1), PEOPLE[1:2])
    assert status_of(central, "st-next") == ("designated", "designated_whole")
    assert counts(central, PEOPLE, SAPPORO) == [3, 3, 2]
    with central.sign_in("sapporo-staff") as http:
        page = http.get("/console/activities/st-next").text
        assert "包括指定により自動で指定" in page and "包括指定の端末" in page
    with central.engine.connect() as conn:
        entry = conn.execute(select(console_audit).where(console_audit.c.action == "station_designated_whole")).one()
    assert entry.target == sapporo.device_id and entry.facts == {"designated": 3}


def test_a_revoked_station_is_not_designated_as_a_whole(sqlite_console):
    central = sqlite_console
    station = enrolled_station(central, SAPPORO, "札幌 町内会")
    with central.sign_in("sapporo-admin") as http:
        stations = http.get("/console/stations").text
        assert http.post(f"/console/stations/{station.device_id}/revoke",
                         data={"csrf": csrf_of(stations)}).status_code == 303
        answer = http.post(f"/console/stations/{station.device_id}/designate", data={"csrf": csrf_of(stations)})
        assert answer.status_code == 303 and answer.headers["location"].endswith("error=revoked")
        assert "失効した端末は包括指定できません" in http.get(answer.headers["location"]).text
    with central.engine.connect() as conn:
        assert not conn.execute(select(devices.c.designated_whole).where(devices.c.id == station.device_id)).scalar()


def test_ids_a_station_chose_work_and_the_audit_keeps_its_pattern(sqlite_console):
    """A station chooses its device id and its activities' ids (within the sync protocol's rules, not
    the audit log's): Japanese, spaces, a slash-free path segment all reach their pages."""
    from tests.central.station_sim import StationSim

    central = sqlite_console
    station = StationSim(device_id="町内会 端末#1")
    with central.engine.begin() as conn:
        from central import enrollment

        code = enrollment.new_code(conn, SAPPORO)["code"]
    with central.client() as http:
        assert http.post("/v1/enroll", json={"code": code, "device_id": station.device_id,
                                             "public_jwk": station.public_jwk(), "label": "町内会"}).status_code == 200
    propose(central, station, "会合 12月?#", "十二月の会合", venue=SAPPORO, designating=SAPPORO, day=days_ago(2))
    quoted = httpx.URL("/console/activities/" + "%E4%BC%9A%E5%90%88%2012%E6%9C%88%3F%23")
    with central.sign_in("sapporo-staff") as http:
        page = http.get(quoted)
        assert page.status_code == 200 and "十二月の会合" in page.text
        done = http.post(f"{quoted}/designate", data={"csrf": csrf_of(page.text)})
        assert done.status_code == 303 and http.get(done.headers["location"]).status_code == 200
        listed = http.get("/console/stations").text
        whole = http.post("/console/stations/%E7%94%BA%E5%86%85%E4%BC%9A%20%E7%AB%AF%E6%9C%AB%231/designate",
                          data={"csrf": csrf_of(listed)})
        assert whole.status_code == 303 and "町内会" in http.get(whole.headers["location"]).text
    assert status_of(central, "会合 12月?#") == ("designated", None)
    with central.engine.connect() as conn:
        targets = conn.execute(select(console_audit.c.target, console_audit.c.facts).where(
            console_audit.c.action.in_(("activity_designated", "station_designated_whole")))).all()
    assert len(targets) == 2 and all(t.target.startswith("sha256:") for t in targets)


def test_a_person_with_only_self_check_ins_is_found_and_counted(sqlite_console):
    """The participant's phone path alone (POST /v1/self-checkins with a station's activity code):
    the person is in the people search and on their own page, counted by the engine."""
    from datetime import datetime, timedelta

    from central import platform_keys
    from furusato.activity import JST
    from furusato.activity_token import issue_activity_code
    from furusato.card_token import issue_card

    central = sqlite_console
    station = enrolled_station(central, SAPPORO, "札幌 受付")
    now = datetime.now(JST)
    with central.engine.begin() as conn:
        from central import admin

        admin.upsert_activity(conn, id="sapporo-now", title="今日の除雪", kind="designated_project", venue=SAPPORO,
                              start=(now - timedelta(hours=1)).isoformat(), end=(now + timedelta(hours=2)).isoformat())
        card = issue_card(platform_keys.active_key(conn), iss=platform_keys.PLATFORM_ID, sub="sub-phone-only-01",
                          name="スマホ花子")
    known_people(central, ["sub-phone-only-01"])
    code = issue_activity_code(station.key, device_id=station.device_id, activity_id="sapporo-now", lg=SAPPORO,
                               title="今日の除雪", nbf=int((now - timedelta(hours=1)).timestamp()),
                               exp=int((now + timedelta(hours=2)).timestamp()))
    with central.client() as http:
        answer = http.post("/v1/self-checkins", json={"card": card, "activity": code})
    assert answer.json()["outcome"] == "recorded", answer.text
    with central.sign_in("sapporo-staff") as http:
        listed = http.get("/console/people").text
        assert "/console/people/card%3Asub-phone-only-01" in listed
        assert "sub-phone-only-01" in http.get("/console/people", params={"q": "phone-only"}).text
        page = http.get("/console/people/card:sub-phone-only-01")
        assert page.status_code == 200 and "本人のスマートフォン" in page.text and "1 / 3 回" in page.text
    with central.sign_in("sapporo-viewer") as http:
        assert "sub-phone-only-01" in http.get("/console/people", params={"q": "sub-phone-only"}).text
    with central.sign_in("chiyoda-admin") as http:
        assert "sub-phone-only-01" not in http.get("/console/people").text
        assert http.get("/console/people/card:sub-phone-only-01").status_code == 404
    with central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(attendance)).scalar() == 1


def test_hostile_input_at_the_new_doors(console_central):
    """Oversized bodies, bytes that are not UTF-8, strange ids: a clear refusal or a stored replacement,
    never a server error, and no decision made by accident."""
    from central.console import web

    central = console_central
    station = enrolled_station(central, SAPPORO, "札幌 町内会")
    propose(central, station, "st-meeting", "町内会 定例会", venue=SAPPORO, designating=SAPPORO, day=days_ago(10))
    with central.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/activities/st-meeting").text)
        big = http.post("/console/activities/st-meeting/refuse",
                        data={"csrf": csrf, "reason": "x" * (web.FORM_MAX_BYTES + 10)})
        assert big.status_code == 413
        # (a NUL in a URL is the central's request limits' to refuse, before any page: central/request_limits.py)
        for path in ("/console/activities/%FF%FE/refuse", "/console/activities/..%2F..%2Fetc/designate",
                     "/console/activities/" + "x" * 5000 + "/designate", "/console/stations/%20/designate",
                     "/console/stations/" + "%F0%9F%98%80" * 100 + "/designate"):
            assert http.post(path, data={"csrf": csrf, "reason": REASON}).status_code == 404, path
        assert http.get("/console/stations", params={"whole": "w" * 101}).status_code == 422
        assert http.get("/console/stations", params={"whole": "\ud800".encode("utf-8", "surrogatepass")
                                                     .decode("latin-1")}).status_code == 200
        assert http.get("/console/stations", params={"error": "<script>"}).status_code == 200
        assert status_of(central, "st-meeting") == ("proposed", None)
        # a lone surrogate's bytes are not UTF-8: the form decoder makes them U+FFFD, which is text
        raw = http.post("/console/activities/st-meeting/refuse", content=f"csrf={csrf}&reason=%ED%A0%80".encode(),
                        headers={"content-type": "application/x-www-form-urlencoded"})
        assert raw.status_code == 303
    assert status_of(central, "st-meeting") == ("refused", "\ufffd" * 3)
