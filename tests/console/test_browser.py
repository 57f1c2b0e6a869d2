"""The console in a real browser (chromium, Playwright) against the real central on loopback: the
flows of issue 14's acceptance, including a real station (desktop.station.Station) enrolled from
the console's enrolment QR and syncing a check-in that then shows on the activity's page."""

from __future__ import annotations

import base64
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from central import clock, platform_keys
from central.console import signer
from central.store.tables import activities, applications, attendance, records
from desktop.checkin import CheckinService
from desktop.scanner.decoders import decode_zxing
from desktop.station import Station
from desktop.sync.client import CentralClient
from desktop.sync.enrollment import enroll
from desktop.sync.sync_round import sync_once
from furusato import enrollment_qr
from furusato.activity import JST
from furusato.activity_token import verify_activity_code
from furusato.card_token import issue_card
from furusato.eligibility import expiry_after
from furusato.keys import KeySet
from furusato.outcomes import Outcome
from tests.console.browser import sign_in
from tests.console.conftest import PASSWORD, organiser_list, pending_application

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def decode_png(data: bytes) -> str | None:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    return decode_zxing(image)


def decode_data_uri(uri: str) -> str | None:
    return decode_png(base64.b64decode(uri.split(",", 1)[1]))


def test_sign_in_refused_with_a_wrong_password(sqlite_console, page_factory):
    page = page_factory()
    sign_in(page, sqlite_console.url, "sapporo-admin", "not the password at all")
    assert page.url.endswith("/console/login")
    assert page.locator("[role=alert]").inner_text().startswith("ログインIDまたはパスワードが違います")
    page.goto(f"{sqlite_console.url}/console/activities")
    assert page.url.endswith("/console/login")  # still not signed in


def test_another_local_governments_user_gets_nothing(sqlite_console, page_factory):
    page = page_factory()
    sign_in(page, sqlite_console.url, "chiyoda-admin", PASSWORD)
    page.goto(f"{sqlite_console.url}/console/activities?when=all")
    assert "観光PR" in page.content() and "雪かきボランティア" not in page.content()
    answer = page.goto(f"{sqlite_console.url}/console/activities/sapporo-snow")
    assert answer.status == 404 and "見つかりません" in page.inner_text("h1")


def test_create_an_activity_and_download_its_poster(sqlite_console, page_factory, tmp_path):
    page = page_factory()
    sign_in(page, sqlite_console.url, "sapporo-staff", PASSWORD)
    page.click("text=活動を作る")
    page.fill("input[name=title]", "雪下ろし体験会")
    page.check("input[name=kind][value=designated_project]")
    page.fill("input[name=start]", "2026-12-05T09:00")
    page.fill("input[name=end]", "2026-12-06T15:00")
    page.select_option("select[name=venue]", "011011")
    page.fill("input[name=place]", "中央区民センター")
    page.click("button:has-text('保存')")
    assert page.inner_text("h1").startswith("雪下ろし体験会")
    activity_id = page.url.rsplit("/", 1)[1]
    assert "（複数日）" in page.content()
    with page.expect_download() as download_info:
        page.click("#poster-link")
    pdf = tmp_path / "poster.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode != 0:
        pytest.skip("poppler-utils (pdftoppm) is not installed: the poster's QR cannot be read back")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "poster")], check=True)
    token = decode_png((tmp_path / "poster.png").read_bytes())
    with sqlite_console.engine.begin() as conn:
        console_signer = signer.signer_for(conn, "011002")
    start = datetime(2026, 12, 5, 10, 0, tzinfo=JST).timestamp()
    check = verify_activity_code(token, KeySet.of(console_signer.key.public_key), now=start)
    assert check.ok and check.claims["act"] == activity_id and check.claims["lg"] == "011011"
    assert check.claims["iss"] == console_signer.device_id and check.claims["title"] == "雪下ろし体験会"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "雪下ろし体験会" in text and "北海道札幌市中央区" in text


def test_enrol_a_real_station_from_the_console_and_see_its_check_in(sqlite_console, page_factory, tmp_path):
    central = sqlite_console
    now = datetime.now(JST)
    page = page_factory()
    sign_in(page, central.url, "sapporo-staff", PASSWORD)
    # an activity running now, made in the console
    page.goto(f"{central.url}/console/activities/new")
    page.fill("input[name=title]", "除雪ボランティア（今日）")
    page.fill("input[name=start]", f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M}")
    page.fill("input[name=end]", f"{now + timedelta(hours=6):%Y-%m-%dT%H:%M}")
    page.click("button:has-text('保存')")
    activity_id = page.url.rsplit("/", 1)[1]
    # an enrolment code, read back from the QR the page shows
    page.goto(f"{central.url}/console/stations")
    page.click("#new-code")
    card = page.locator(".code-card.new")
    shown_code = card.locator(".code").inner_text()
    qr_text = decode_data_uri(card.locator("img.qr").get_attribute("src"))
    assert qr_text == enrollment_qr.make(central.url, shown_code)
    parsed = enrollment_qr.parse(qr_text)
    # a real station enrols with what it read, takes a card at the console's activity and syncs
    station = Station.open(tmp_path / "station")
    try:
        enroll(station, parsed.server, parsed.code, label="札幌 体育館")
        assert station.activities.get(activity_id).title == "除雪ボランティア（今日）"  # the catalogue came with it
        with central.engine.begin() as conn:
            key = platform_keys.active_key(conn)
        token = issue_card(key, iss=platform_keys.PLATFORM_ID, sub="sub-browser-0001", name="北野ゆき", mnv=True)
        result = CheckinService(station).check_in_token(activity_id, token, now)
        assert result.outcome == Outcome.RECORDED, result
        client = CentralClient(central.url)
        try:
            report = sync_once(station, client)
        finally:
            client.close()
        assert report.error is None and report.pending == 0
    finally:
        station.close()
    page.goto(f"{central.url}/console/activities/{activity_id}")
    row = page.locator("table.attendance tbody tr").first
    assert "北野ゆき" in row.inner_text() and "登録証QR" in row.inner_text() and "札幌 体育館" in row.inner_text()
    page.goto(f"{central.url}/console/stations")
    assert "札幌 体育館" in page.inner_text("table.list")
    # the screen guard hides the name at one key
    page.goto(f"{central.url}/console/activities/{activity_id}")
    page.keyboard.press("F8")
    assert "names-hidden" in page.evaluate("document.body.className")
    assert page.locator(".pii").first.evaluate("e => getComputedStyle(e).filter").startswith("blur")
    page.keyboard.press("F8")
    assert "names-hidden" not in page.evaluate("document.body.className")


def test_approve_an_application(sqlite_console, page_factory):
    app_id = pending_application(sqlite_console)
    page = page_factory()
    sign_in(page, sqlite_console.url, "sapporo-staff", PASSWORD)
    page.goto(f"{sqlite_console.url}/console/applications")
    row = page.locator(f"#app-{app_id}")
    assert "要件を満たす" in row.inner_text() and "3 / 3" in row.inner_text()
    row.locator("form[action$=approve] input[name=note]").fill("書類確認済み")
    row.locator("form[action$=approve] button").click()
    assert "承認しました" in page.inner_text("[role=status]")
    assert page.locator(f"#app-{app_id}").count() == 0
    held = page.inner_text("table.list >> nth=1")  # the registration, with a year's validity from today
    assert "北海道札幌市" in held and expiry_after(clock.today()).isoformat() in held
    with sqlite_console.engine.connect() as conn:
        note = conn.execute(select(applications.c.note).where(applications.c.id == app_id)).scalar()
    assert note == "書類確認済み"


def _organiser_list(path: Path, bad_phone_row: bool) -> Path:
    return organiser_list(path, [
        ["草野みどり", "060-0001", "1-1", "1985-06-01", "midori@example.jp", "090-1234-5678"],
        ["森田たけし", "060-0001", "2-2", "平成2年4月1日", "takeshi@example.jp", "12345" if bad_phone_row else "011-222-3333"],
    ])


def test_upload_a_pre_system_list_with_one_bad_row(sqlite_console, page_factory, tmp_path):
    central = sqlite_console
    page = page_factory()
    sign_in(page, central.url, "sapporo-staff", PASSWORD)
    page.goto(f"{central.url}/console/records")
    page.set_input_files("input[name=file]", str(_organiser_list(tmp_path / "list.xlsx", bad_phone_row=True)))
    page.click("#upload-button")
    assert "何も取り込んでいません" in page.inner_text("[role=alert]")
    errors = page.locator("table.errors tbody tr")
    assert errors.count() == 1 and "3" in errors.first.inner_text() and "電話番号" in errors.first.inner_text()
    assert "電話番号が正しくありません" in errors.first.inner_text()
    with central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(records)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(activities).where(activities.c.id.like("p-%"))
                            ).scalar() == 0
    # fixed, the same list goes in whole
    page.set_input_files("input[name=file]", str(_organiser_list(tmp_path / "fixed.xlsx", bad_phone_row=False)))
    page.click("#upload-button")
    assert "2 件を取り込みました" in page.inner_text("[role=status]")
    with central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(attendance)).scalar() == 2


def test_the_page_signs_itself_out_when_left_alone(sqlite_console, page_factory):
    """The browser's clock is Playwright's, moved forward: no waiting, no timing."""
    page = page_factory()
    page.clock.install()
    sign_in(page, sqlite_console.url, "sapporo-staff", PASSWORD)
    page.goto(f"{sqlite_console.url}/console/activities/sapporo-snow")
    page.clock.run_for(14 * 60 * 1000 + 30_000)  # a minute before the end: the warning
    assert page.locator("#idle-warning").is_visible()
    page.mouse.move(10, 10)  # someone is there
    assert not page.locator("#idle-warning").is_visible()
    page.clock.run_for(15 * 60 * 1000 + 2000)
    page.wait_for_url("**/console/login?m=idle")
    assert "操作がなかったため、サインアウトしました" in page.inner_text("[role=alert]")
    page.goto(f"{sqlite_console.url}/console/activities")
    assert page.url.endswith("/console/login")  # the session was ended on the server too
