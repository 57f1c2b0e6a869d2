"""Issue 15 in the console, in a real browser (chromium, Playwright) against the real central on
loopback, with real stations (desktop.station.Station): an activity made offline at a
neighbourhood association's station, three card holders checked in, carried on a bundle, designated
by the staff → each one's count rises by one; another refused with a reason → its records stay, the
counts do not move, and the station's next pull shows the refusal and the reason; a second station
designated as a whole → its new activity counts as soon as it syncs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from central import admin, enrollment, platform_keys
from central.bundles import import_bundle
from central.store.tables import records
from desktop.checkin import CheckinService
from desktop.station import Station
from desktop.station_activities import create_activity
from desktop.sync.bundle import write_bundle
from desktop.sync.client import CentralClient
from desktop.sync.enrollment import enroll
from desktop.sync.pulls import pull_all
from desktop.sync.sync_round import sync_once
from furusato.activity import JST
from furusato.card_token import issue_card
from furusato.outcomes import Outcome
from tests.console.browser import sign_in
from tests.console.conftest import PASSWORD, SAPPORO
from tests.console.proposals import counts, known_people

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PEOPLE = {"sub-jichikai-0001": "北野ゆき", "sub-jichikai-0002": "南田はる", "sub-jichikai-0003": "東山あき"}
REASON = "会員の親睦会のため、担い手活動には当たりません"


def enrolled(central, folder, label: str) -> Station:
    station = Station.open(folder)
    with central.engine.begin() as conn:
        code = enrollment.new_code(conn, SAPPORO)["code"]
    enroll(station, central.url, code, label=label)
    return station


def cards(central) -> dict[str, str]:
    with central.engine.begin() as conn:
        key = platform_keys.active_key(conn)
    return {sub: issue_card(key, iss=platform_keys.PLATFORM_ID, sub=sub, name=name, mnv=True)
            for sub, name in PEOPLE.items()}


def offline_activity(station: Station, title: str, now: datetime):
    return create_activity(station, title=title, kind="public_interest_body", content="町内の見回り当番の打合せ",
                           place="第三町内会館", start=(now - timedelta(hours=1)).isoformat(),
                           end=(now + timedelta(hours=3)).isoformat(), now=now)


def check_in(station: Station, activity_id: str, tokens, now: datetime) -> None:
    service = CheckinService(station)
    for token in tokens:
        assert service.check_in_token(activity_id, token, now).outcome == Outcome.RECORDED


def carry_bundle(central, station: Station, path) -> dict:
    write_bundle(station, path)
    with central.engine.begin() as conn:
        return import_bundle(conn, path.read_text(encoding="utf-8"))


def person_count(page, url: str, name: str) -> str:
    """The count the person's page shows ("2 / 3 回"), found by the name as staff search it."""
    page.goto(f"{url}/console/people")
    page.fill("input[name=q]", name)
    page.keyboard.press("Enter")
    page.click(f"table.list tbody a:has-text('{name}')")
    return page.locator("p.verdict strong").inner_text()


def test_designate_and_refuse_what_an_offline_station_made(sqlite_console, page_factory, tmp_path):
    central, subs = sqlite_console, list(PEOPLE)
    now = datetime.now(JST)
    with central.engine.begin() as conn:  # a designated activity today, so each already counts once
        admin.upsert_activity(conn, id="sapporo-today", title="除雪ボランティア", kind="designated_project",
                              venue=SAPPORO, start=(now - timedelta(hours=2)).isoformat(),
                              end=(now + timedelta(hours=4)).isoformat())
    known_people(central, subs)
    station = enrolled(central, tmp_path / "jichikai", "札幌 第三町内会")
    try:
        tokens = cards(central)
        # offline from here: the station makes the meeting, checks the three in, and a USB stick carries it
        meeting = offline_activity(station, "第三町内会 臨時総会", now)
        check_in(station, "sapporo-today", tokens.values(), now)
        check_in(station, meeting.id, tokens.values(), now)
        answer = carry_bundle(central, station, tmp_path / "stick1.frr")
        assert (answer["accepted"], answer["rejected"]) == (7, 0)
        assert counts(central, subs, SAPPORO) == [1, 1, 1]

        page = page_factory()
        sign_in(page, central.url, "sapporo-staff", PASSWORD)
        assert person_count(page, central.url, "北野ゆき") == "1 / 3 回"
        page.goto(f"{central.url}/console/activities")
        page.click("#tab-proposed")
        row = page.locator("table.list tbody tr", has_text="第三町内会 臨時総会")
        assert "札幌 第三町内会" in row.inner_text() and row.locator("td.num").inner_text() == "3"
        row.locator("a").first.click()
        assert "提案中" in page.inner_text("h1")
        assert page.locator("table.attendance tbody tr").count() == 3
        page.click("#designate-button")
        assert "指定しました" in page.inner_text("[role=status]")
        assert "指定済み" in page.inner_text("h1") and "札幌 第三町内会" in page.inner_text("dl.facts")
        assert page.locator("#designate-button").count() == 0
        for name in PEOPLE.values():
            assert person_count(page, central.url, name) == "2 / 3 回", name
        assert counts(central, subs, SAPPORO) == [2, 2, 2]

        # the next month's social evening, made offline too: the staff decide it does not count
        social = offline_activity(station, "第三町内会 懇親会", now)
        check_in(station, social.id, tokens.values(), now)
        answer = carry_bundle(central, station, tmp_path / "stick2.frr")
        assert (answer["accepted"], answer["duplicates"], answer["rejected"]) == (4, 7, 0)
        page.goto(f"{central.url}/console/activities?when=proposed")
        page.click("text=第三町内会 懇親会")
        page.click("#refuse-button")  # the reason is required: the browser keeps the form
        assert page.locator("#refuse-reason").evaluate("e => e.validity.valueMissing")
        page.fill("#refuse-reason", REASON)
        page.click("#refuse-button")
        assert "指定しないことにしました" in page.inner_text("[role=status]")
        assert "指定されず" in page.inner_text("h1") and REASON in page.inner_text(".refusal-reason")
        assert page.locator("table.attendance tbody tr").count() == 3  # the records stay, shown as not counted
        assert page.locator("table.attendance .tag.bad", has_text="対象外").count() == 3
        assert person_count(page, central.url, "南田はる") == "2 / 3 回"
        assert counts(central, subs, SAPPORO) == [2, 2, 2]
        with central.engine.connect() as conn:
            kept = conn.execute(select(func.count()).select_from(records)
                                .where(records.c.activity_id == social.id)).scalar()
        assert kept == 4  # the activity record and the three check-ins

        # back online, the station learns both decisions from the catalogue
        client = CentralClient(central.url)
        try:
            pull_all(station, client)
        finally:
            client.close()
        assert station.activities.get(meeting.id).status == "designated"
        refused = station.activities.get(social.id)
        assert (refused.status, refused.status_note) == ("refused", REASON)
    finally:
        station.close()


def test_a_second_station_designated_as_a_whole_counts_at_once(sqlite_console, page_factory, tmp_path):
    central, subs = sqlite_console, list(PEOPLE)[:1]
    now = datetime.now(JST)
    known_people(central, subs)
    station = enrolled(central, tmp_path / "shobodan", "札幌 消防団第五分団")
    client = CentralClient(central.url)
    try:
        waiting = offline_activity(station, "第五分団 放水訓練", now)
        assert sync_once(station, client).error is None
        page = page_factory()
        sign_in(page, central.url, "sapporo-staff", PASSWORD)
        page.goto(f"{central.url}/console/stations")
        row = page.locator("table.list tbody tr", has_text="札幌 消防団第五分団")
        assert "提案中 1 件" in row.inner_text()
        page.once("dialog", lambda dialog: dialog.accept())  # 「よろしいですか？」
        row.locator("button:has-text('包括指定（この団体の活動をまとめて指定）')").click()
        notice = page.locator("#whole-done")
        assert "札幌 消防団第五分団" in notice.inner_text() and "第五分団 放水訓練" in notice.inner_text()
        row = page.locator("table.list tbody tr", has_text="札幌 消防団第五分団")
        assert "包括指定" in row.locator(".tag.whole").inner_text() and row.locator("form.whole").count() == 0
        assert station.activities.get(waiting.id).status == "proposed"  # the station has not heard yet

        # its next activity, made and synced after: designated as it arrives, counted at once
        drill = offline_activity(station, "第五分団 夜間巡回", now)
        [token] = [t for sub, t in cards(central).items() if sub in subs]
        check_in(station, drill.id, [token], now)
        report = sync_once(station, client)
        assert report.error is None and report.pending == 0
        assert counts(central, subs, SAPPORO) == [1]
        page.goto(f"{central.url}/console/activities?when=all&q=%E5%A4%9C%E9%96%93%E5%B7%A1%E5%9B%9E")
        page.click("text=第五分団 夜間巡回")
        assert "指定済み" in page.inner_text("h1") and "包括指定により自動で指定" in page.inner_text("dl.facts")
        assert person_count(page, central.url, "北野ゆき") == "1 / 3 回"
        pull_all(station, client)
        assert station.activities.get(waiting.id).status == "designated"
        assert station.activities.get(drill.id).status == "designated"
    finally:
        client.close()
        station.close()
