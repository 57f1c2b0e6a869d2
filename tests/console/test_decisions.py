"""What staff decide in the console: refusing and approving applications (re-judged at approval),
lapsing registrations of their own local government only, revoking a station, enrolment codes that
carry the central's public address."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from central import admin, clock
from central.store.tables import (
    activities,
    applications,
    attendance_evidence,
    devices,
    persons,
    premium_history,
)
from furusato import enrollment_qr
from tests.central.server import RunningCentral, sqlite_url
from tests.console.conftest import (
    APPLICANT,
    CHIYODA,
    SAPPORO,
    ConsoleCentral,
    csrf_of,
    enrolled_station,
    pending_application,
    seed,
    send,
)


def test_refuse_needs_a_reason_and_keeps_it(sqlite_console):
    app_id = pending_application(sqlite_console)
    with sqlite_console.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/applications").text)
        empty = http.post(f"/console/applications/{app_id}/refuse", data={"csrf": csrf, "note": "  "})
        assert empty.status_code == 400
        done = http.post(f"/console/applications/{app_id}/refuse", data={"csrf": csrf, "note": "書類不備"})
        assert done.status_code == 303 and done.headers["location"].endswith("done=refused")
        again = http.post(f"/console/applications/{app_id}/approve", data={"csrf": csrf})
        assert again.status_code == 409 and "not_pending" in again.text
    with sqlite_console.engine.connect() as conn:
        row = conn.execute(select(applications).where(applications.c.id == app_id)).one()
    assert (row.status, row.decided_by, row.note) == ("refused", "staff", "書類不備")


def test_approval_judges_again_on_the_day(sqlite_console):
    app_id = pending_application(sqlite_console)
    with sqlite_console.engine.begin() as conn:  # a station's cancellation withdrew one of the three meanwhile
        conn.execute(update(attendance_evidence).where(attendance_evidence.c.record_id.in_(
            select(attendance_evidence.c.record_id).limit(1))).values(active=False))
    with sqlite_console.sign_in("sapporo-staff") as http:
        csrf = csrf_of(http.get("/console/applications").text)
        done = http.post(f"/console/applications/{app_id}/approve", data={"csrf": csrf})
        assert done.headers["location"].endswith("done=rechecked_refused")
        page = http.get(done.headers["location"]).text
        assert "要件を満たさなくなっていた" in page and "活動回数が足りない" in page
    with sqlite_console.engine.connect() as conn:
        row = conn.execute(select(applications).where(applications.c.id == app_id)).one()
        held = conn.execute(select(persons.c.premium).where(persons.c.sub == APPLICANT)).scalar()
    assert row.status == "refused" and row.recheck["reasons"] == ["not_enough_activities"] and held == []


def test_lapse_moves_only_this_local_governments_expired_registrations(sqlite_console):
    pending_application(sqlite_console)
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    with sqlite_console.engine.begin() as conn:
        admin.upsert_person(conn, APPLICANT, premium=[{"lg": SAPPORO, "expires": yesterday},
                                                      {"lg": "012025", "expires": yesterday}])
    with sqlite_console.sign_in("sapporo-staff") as http:
        page = http.get("/console/applications").text
        assert "期限切れ" in page
        done = http.post("/console/premium/lapse", data={"csrf": csrf_of(page)})
        assert done.status_code == 303 and "count=1" in done.headers["location"]
    with sqlite_console.engine.connect() as conn:
        held = conn.execute(select(persons.c.premium).where(persons.c.sub == APPLICANT)).scalar()
        moved = conn.execute(select(premium_history.c.lg_code)).scalars().all()
    assert held == [{"lg": "012025", "expires": yesterday}] and moved == [SAPPORO]


def test_an_admin_revokes_a_station_and_its_next_records_are_refused(sqlite_console):
    station = enrolled_station(sqlite_console, SAPPORO, "古い端末")
    with sqlite_console.sign_in("sapporo-staff") as staff:
        csrf = csrf_of(staff.get("/console/stations").text)
        assert staff.post(f"/console/stations/{station.device_id}/revoke", data={"csrf": csrf}).status_code == 403
    with sqlite_console.sign_in("sapporo-admin") as http:
        page = http.get("/console/stations").text
        assert "古い端末" in page and "console-" not in page  # the central's own signer is not a station
        assert http.post(f"/console/stations/{station.device_id}/revoke",
                         data={"csrf": csrf_of(page)}).status_code == 303
        assert http.post("/console/stations/console-011002/revoke", data={"csrf": csrf_of(page)}).status_code == 404
        assert "失効" in http.get("/console/stations").text
    results = send(sqlite_console, station, [station.record(activity="sapporo-snow", day="2026-04-10",
                                                            person="card:sub-revoked-0001")])
    assert results[0]["reason"] == "device_revoked"


def test_stations_list_shows_last_sync_and_a_clock_that_is_off(sqlite_console):
    from tests.central.station_sim import station_time

    station = enrolled_station(sqlite_console, SAPPORO, "時計のずれた端末")
    with sqlite_console.client() as http:
        http.post("/v1/records", json={"device_id": station.device_id, "records": [
            station.record(activity="sapporo-snow", day="2026-04-10", person="card:sub-clock-00001")]},
            headers={"X-Station-Time": station_time(-600)})
    with sqlite_console.engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.id == station.device_id)).one()
    assert row.last_sync_at is not None and -610 <= row.clock_offset_s <= -590
    with sqlite_console.sign_in("sapporo-viewer") as http:
        page = http.get("/console/stations").text
    assert "秒ずれ" in page and "時計のずれた端末" in page


def test_enrolment_codes_carry_the_public_address(tmp_path, monkeypatch):
    monkeypatch.setenv("FURUSATO_CENTRAL_PUBLIC_URL", "https://furusato.example.lg.jp/")
    running = RunningCentral(sqlite_url(tmp_path))
    try:
        seed(running.engine)
        central = ConsoleCentral(running.url, running.engine, running)
        with central.sign_in("chiyoda-admin") as http:
            made = http.post("/console/stations/codes", data={"csrf": csrf_of(http.get("/console/stations").text),
                                                              "days": "99"})
            page = http.get(made.headers["location"]).text
        code = made.headers["location"].split("new=")[1]
        assert enrollment_qr.make("https://furusato.example.lg.jp", code) in page.replace("&amp;", "&")
        with running.engine.connect() as conn:
            from central.store.tables import enrollment_codes

            row = conn.execute(select(enrollment_codes).where(enrollment_codes.c.code == code)).one()
        assert row.lg_code == CHIYODA
        assert clock.parse(row.expires_at) - clock.parse(row.created_at) == timedelta(days=30)  # capped
    finally:
        running.close()


def test_a_phone_checks_in_with_the_console_posters_code(sqlite_console):
    """The console's activity code is signed by the central's own device: a participant's phone that
    reads it off the poster checks in (POST /v1/self-checkins), and the console shows it as `self`."""
    from central import platform_keys
    from central.console import signer
    from furusato.activity import JST
    from furusato.card_token import issue_card

    now = clock.now().astimezone(JST)
    with sqlite_console.engine.begin() as conn:
        admin.upsert_activity(conn, id="c-now", title="今日の雪かき", kind="designated_project", venue=SAPPORO,
                              start=(now - timedelta(hours=1)).isoformat(), end=(now + timedelta(hours=3)).isoformat())
        code = signer.activity_code(signer.signer_for(conn, SAPPORO), admin.activity_json(
            conn.execute(select(activities).where(activities.c.id == "c-now")).one()))
        card = issue_card(platform_keys.active_key(conn), iss=platform_keys.PLATFORM_ID, sub="sub-phone-00001",
                          name="スマホ太郎")
    with sqlite_console.client() as http:
        answer = http.post("/v1/self-checkins", json={"card": card, "activity": code})
    assert answer.status_code == 200 and answer.json()["outcome"] == "recorded", answer.text
    with sqlite_console.sign_in("sapporo-viewer") as http:
        page = http.get("/console/activities/c-now").text
        assert "本人のスマートフォン" in page and "card:sub-phone-000" in page and "スマホ太郎" not in page
        listed = http.get("/console/activities?when=today").text
    assert "今日の雪かき" in listed and '<td class="num">1</td>' in listed
