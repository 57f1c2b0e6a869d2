"""The first-run screen in the real window (offscreen): the demo, and enrolment typed, scanned by a
gun, read by the camera or routed from the check-in page, against the real central on loopback.

Typed keys reach the screen as key events through the application, so the wedge filter that listens
for scanner guns on this page sees them as a person's typing (qtbot's per-key delay) and hands them
on. A gun's burst enters where the wedge filter emits it (`gun_burst`).
"""

from __future__ import annotations

import socket
import threading
from datetime import timedelta

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from sqlalchemy import update

from central import admin, enrollment
from central.store.tables import enrollment_codes
from desktop import demo_card, first_run
from desktop.scanner.decode_strategy import decode_frame
from desktop.scanner.replay import ReplaySource
from desktop.station import Station
from desktop.ui.first_run_texts import reason_text
from furusato import enrollment_qr
from furusato.outcomes import Outcome
from tests.central.server import RunningCentral, free_port, sqlite_url
from tests.sync.test_client import _make_pki
from tests.ui.conftest import open_activity, open_window, qr_frames, settle_window, wait_result

LG = "152102"
CENTRAL_TITLE = "除雪ボランティア（中央から）"


class Central:
    def __init__(self, running: RunningCentral):
        self.running = running

    @property
    def url(self) -> str:
        return self.running.url

    def code(self) -> str:
        with self.running.engine.begin() as conn:
            return enrollment.new_code(conn, LG)["code"]


def _seed(running: RunningCentral, noon) -> Central:
    with running.engine.begin() as conn:
        admin.upsert_lg(conn, LG)
        admin.upsert_activity(conn, id="central-josetsu", title=CENTRAL_TITLE, kind="designated_project", venue=LG,
                              start=(noon - timedelta(hours=4)).isoformat(), end=(noon + timedelta(hours=6)).isoformat())
    return Central(running)


@pytest.fixture
def central(tmp_path, noon):
    (tmp_path / "central_db").mkdir()
    running = RunningCentral(sqlite_url(tmp_path / "central_db"))
    yield _seed(running, noon)
    running.close()


@pytest.fixture
def fresh(tmp_path, noon):
    """A station on its very first start: not enrolled, the demo not chosen."""
    opened = Station.open(tmp_path / "station", now=noon)
    yield opened
    opened.close()


@pytest.fixture
def first(qtbot, fresh, noon, tmp_path):
    win = open_window(qtbot, fresh, noon, tmp_path, first_start=True)
    yield win
    settle_window(win)


def camera_window(qtbot, station, noon, tmp_path, frames):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings

    win = MainWindow(station, clock=lambda: noon, settings=StationSettings(tmp_path / "settings.json"),
                     source_factory=lambda _s: ReplaySource(frames, loop=True, fps=15))
    qtbot.addWidget(win)
    win.show()
    return win


def gun_burst(page, text: str) -> None:
    """What the page's wedge filter emits for a scanner gun's burst. Telling a burst from typing by
    key timing is the wedge's own, tested in tests/scanner/test_wedge.py and with real X11 keys;
    synthesised here on a loaded machine it would depend on the machine's speed."""
    assert page.wedge.active  # the page listens while it is on screen
    page.wedge.scanned.emit(text)


def type_like_a_person(qtbot, edit, text: str) -> None:
    """Click into the field and type at a person's pace; the wedge hands the keys on as typing."""
    qtbot.mouseClick(edit, Qt.LeftButton)
    edit.clear()
    qtbot.keyClicks(edit, text, delay=60)
    qtbot.waitUntil(lambda: edit.text() == text, timeout=5000)


def enrol_by_typing(qtbot, win, server: str, code: str) -> None:
    page = win.first_run
    type_like_a_person(qtbot, page.server_edit, server)
    type_like_a_person(qtbot, page.code_edit, code)
    qtbot.mouseClick(page.enroll_button, Qt.LeftButton)


def wait_refused(qtbot, page, reason: str) -> None:
    qtbot.waitUntil(lambda: page.message_reason == reason and not page.runner.running, timeout=20000)
    assert page.message.text() == reason_text(reason)
    assert page.enroll_button.isEnabled()  # ready to try again


def titles(win) -> list[str]:
    model = win.picker.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


# --- the first start and the demo -------------------------------------------------------------------

def test_a_fresh_station_opens_on_the_first_run_screen_and_remembers_the_demo(qtbot, fresh, noon, tmp_path, first):
    assert first.pages.currentWidget() is first.first_run
    assert first.first_run.wedge.active  # a scanner gun anywhere on the screen is heard
    assert first.first_run.demo_button.hasFocus()
    qtbot.keyClick(first.first_run.demo_button, Qt.Key_Space)  # held back a moment: it could start a scan
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.picker, timeout=5000)
    assert not first.first_run.wedge.active
    assert "雪下ろしボランティア（松代地区）" in titles(first)
    settle_window(first)
    first.close()

    again = open_window(qtbot, fresh, noon, tmp_path, first_start=True)
    assert again.pages.currentWidget() is again.picker  # not asked a second time
    # ... and the settings keep the way to enrol later.
    again.show_settings()
    assert again.settings_page.enroll_button.isVisible()
    qtbot.mouseClick(again.settings_page.enroll_button, Qt.LeftButton)
    assert again.pages.currentWidget() is again.first_run
    assert again.first_run.demo_button.text() == "デモに戻る"
    settle_window(again)


def test_the_demo_card_on_screen_is_recorded_by_the_demo_station(qtbot, first, tmp_path):
    page = first.first_run
    qtbot.mouseClick(page.card_button, Qt.LeftButton)
    view = page.card_view
    assert page.views.currentWidget() is view and view.token
    image = view.canvas.grab().toImage().convertToFormat(QImage.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = pixels[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
    assert decode_frame(np.ascontiguousarray(pixels[:, :, ::-1])) == view.token  # read off the screen

    saved = view.save(tmp_path / "demo-card.png")
    assert decode_frame(cv2.imread(str(saved))) == view.token
    assert str(saved) in view.saved.text()

    qtbot.mouseClick(view.start_button, Qt.LeftButton)
    assert first.pages.currentWidget() is first.picker
    open_activity(qtbot, first, "定例会")
    gun_burst(first.checkin, view.token)  # a gun reading the phone's screen
    result = wait_result(qtbot, first)
    assert result.outcome is Outcome.RECORDED and result.display_name == demo_card.DEFAULT_NAME


def test_enter_on_a_focused_button_presses_it(qtbot, first, fresh):
    page = first.first_run
    page.card_button.setFocus()
    qtbot.keyClick(page.card_button, Qt.Key_Return)
    qtbot.waitUntil(lambda: page.views.currentWidget() is page.card_view, timeout=5000)
    assert page.card_view.start_button.hasFocus()
    qtbot.keyClick(page.card_view.start_button, Qt.Key_Enter)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.picker, timeout=5000)
    assert not first_run.needs_first_run(fresh)


def test_another_demo_card_is_another_person_and_esc_goes_back(qtbot, first):
    page = first.first_run
    page.show_demo_card()
    one = page.demo_token
    qtbot.mouseClick(page.card_view.next_button, Qt.LeftButton)
    assert page.demo_token != one and page.demo_token
    qtbot.keyClick(page.card_view.start_button, Qt.Key_Escape)
    assert page.views.currentWidget() is page.choices_view


# --- enrolment typed -----------------------------------------------------------------------------------

def test_typing_the_address_and_code_enrols_syncs_and_lists_the_centrals_activities(qtbot, first, fresh, central):
    code = central.code()
    enrol_by_typing(qtbot, first, central.url, code.lower().replace("-", " "))
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.picker, timeout=20000)
    assert fresh.enrolled and fresh.local_government == LG
    assert first.sync.running and first.status.network_state in ("starting", "online", "syncing")
    assert CENTRAL_TITLE in titles(first)
    assert demo_card.DEMO_KID not in fresh.trusted_keys
    assert not first.checkin.accepts_enrollment
    first.show_settings()
    assert not first.settings_page.enroll_button.isVisible()
    first.show_first_run()
    assert first.pages.currentWidget() is first.settings_page  # an enrolled station is not offered it


def test_enter_in_the_code_field_enrols(qtbot, first, fresh, central):
    page = first.first_run
    type_like_a_person(qtbot, page.server_edit, central.url)
    qtbot.keyClick(page.server_edit, Qt.Key_Return)
    assert page.code_edit.hasFocus()
    type_like_a_person(qtbot, page.code_edit, central.code())
    qtbot.keyClick(page.code_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: fresh.enrolled and first.pages.currentWidget() is first.picker, timeout=20000)


IN_ENGLISH = {
    "unknown_code": "The server does not know this enrolment code. Check what you typed, or ask for a new code.",
    "code_used": "This enrolment code has already been used. Ask for a new code.",
    "code_expired": "This enrolment code has expired. Ask for a new code.",
    "not_a_central": "This address does not seem to be a Furusato registration server. Check the address.",
}


@pytest.mark.parametrize("case", sorted(IN_ENGLISH))
def test_the_centrals_refusals_in_plain_japanese_then_english(qtbot, first, fresh, central, case):
    code = central.code()
    server = central.url
    if case == "unknown_code":
        code = "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    elif case == "code_used":
        other = Station.open(fresh.root.parent / "other")
        try:
            assert first_run.enroll_station(other, first_run.EnrollmentQr(server, code)).ok
        finally:
            other.close()
    elif case == "code_expired":
        with central.running.engine.begin() as conn:
            conn.execute(update(enrollment_codes).where(enrollment_codes.c.code == code)
                         .values(expires_at="2000-01-01T00:00:00+00:00"))
    else:
        server += "/furusato"  # a path the central does not serve
    enrol_by_typing(qtbot, first, server, code)
    page = first.first_run
    wait_refused(qtbot, page, case)
    assert not fresh.enrolled and first.pages.currentWidget() is page
    focused = page.server_edit if case == "not_a_central" else page.code_edit
    assert focused.hasFocus()  # where the fix goes
    first.language.switch("en")
    qtbot.waitUntil(lambda: page.message.text() == IN_ENGLISH[case], timeout=2000)


@pytest.mark.parametrize(("server", "code", "reason"), [
    ("ftp://central.example.jp", "ABCD-EFGH-JKLM-NPQR", first_run.NOT_HTTP),
    ("http://192.168.1.5:8765", "ABCD-EFGH-JKLM-NPQR", first_run.INSECURE_URL),
    ("https://central.example.jp", "ABCD-EFGH", first_run.BAD_CODE),
    ("", "ABCD-EFGH-JKLM-NPQR", first_run.MISSING_SERVER),
])
def test_what_is_not_an_address_or_a_code_is_said_before_any_connection(qtbot, first, fresh, server, code, reason):
    page = first.first_run
    if server:
        type_like_a_person(qtbot, page.server_edit, server)
    type_like_a_person(qtbot, page.code_edit, code)
    qtbot.mouseClick(page.enroll_button, Qt.LeftButton)
    assert page.message_reason == reason and not page.runner.running
    assert page.message.text() == reason_text(reason)
    assert (page.code_edit if reason == first_run.BAD_CODE else page.server_edit).hasFocus()
    assert not fresh.enrolled


def test_nobody_at_the_address_is_unreachable(qtbot, first, fresh):
    enrol_by_typing(qtbot, first, f"http://127.0.0.1:{free_port()}", "ABCD-EFGH-JKLM-NPQR")
    wait_refused(qtbot, first.first_run, first_run.UNREACHABLE)
    assert not fresh.enrolled


def test_a_certificate_from_an_unknown_authority_then_the_municipal_ca_file(qtbot, first, fresh, tmp_path, noon):
    ca_file, cert_file, key_file = _make_pki(tmp_path)
    running = RunningCentral(sqlite_url(tmp_path), ssl_keyfile=key_file, ssl_certfile=cert_file)
    try:
        tls = _seed(running, noon)
        code = tls.code()
        page = first.first_run
        enrol_by_typing(qtbot, first, tls.url, code)
        wait_refused(qtbot, page, first_run.TLS_ERROR)
        page.set_ca_file(str(ca_file))  # what the 証明書ファイル… dialog ends in
        assert page.ca_label.isVisibleTo(page) and "ca.pem" in page.ca_label.text()
        qtbot.mouseClick(page.enroll_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: fresh.enrolled and first.pages.currentWidget() is first.picker, timeout=20000)
    finally:
        first.shutdown()
        running.close()


# --- enrolment scanned ---------------------------------------------------------------------------------

def test_a_gun_reading_the_enrolment_qr_anywhere_on_the_screen_enrols(qtbot, first, fresh, central):
    text = enrollment_qr.make(central.url, central.code())
    gun_burst(first.first_run, text)  # a gun's burst, wherever the focus is
    qtbot.waitUntil(lambda: fresh.enrolled and first.pages.currentWidget() is first.picker, timeout=20000)
    assert first.first_run.server_edit.text() == central.url  # what was read is shown


def test_a_gun_reading_a_card_here_is_told_it_is_not_an_enrolment_code(qtbot, first, fresh, card):
    gun_burst(first.first_run, card())
    qtbot.waitUntil(lambda: first.first_run.message_reason == first_run.NOT_ENROLLMENT_QR, timeout=5000)
    assert not fresh.enrolled and first.pages.currentWidget() is first.first_run


def test_an_enrolment_qr_read_on_the_demo_check_in_page_enrols(qtbot, first, fresh, central):
    qtbot.mouseClick(first.first_run.demo_button, Qt.LeftButton)
    open_activity(qtbot, first, "定例会")
    before = fresh.ledger.size()
    gun_burst(first.checkin, enrollment_qr.make(central.url, central.code()))
    qtbot.waitUntil(lambda: fresh.enrolled and first.pages.currentWidget() is first.picker, timeout=20000)
    assert fresh.ledger.size() == before  # never taken for a card


def test_the_camera_reads_the_enrolment_qr(qtbot, fresh, noon, tmp_path, central):
    frames = qr_frames(tmp_path / "frames", enrollment_qr.make(central.url, central.code()))
    win = camera_window(qtbot, fresh, noon, tmp_path, frames)
    try:
        page = win.first_run
        qtbot.mouseClick(page.camera_button, Qt.LeftButton)
        assert page.capture.running and page.preview.isVisibleTo(page)
        qtbot.waitUntil(lambda: fresh.enrolled and win.pages.currentWidget() is win.picker, timeout=20000)
        assert not page.capture.running  # the camera is given back once the code is read
    finally:
        settle_window(win)
        win.shutdown()


def test_the_check_in_pages_camera_hands_an_enrolment_qr_to_the_first_run_screen(qtbot, fresh, noon, tmp_path,
                                                                                     central):
    frames = qr_frames(tmp_path / "frames", enrollment_qr.make(central.url, central.code()))
    win = camera_window(qtbot, fresh, noon, tmp_path, frames)
    try:
        qtbot.mouseClick(win.first_run.demo_button, Qt.LeftButton)
        before = fresh.ledger.size()
        win.open_activity(next(a for a in fresh.activities.all() if a.id == "demo-jichikai"))
        assert win.checkin.capture.running
        qtbot.waitUntil(lambda: fresh.enrolled and win.pages.currentWidget() is win.picker, timeout=20000)
        assert fresh.ledger.size() == before and not win.checkin.capture.running
    finally:
        settle_window(win)
        win.shutdown()


def test_the_camera_reading_a_card_says_it_is_not_an_enrolment_code(qtbot, fresh, noon, tmp_path, card):
    frames = qr_frames(tmp_path / "frames", card())
    win = camera_window(qtbot, fresh, noon, tmp_path, frames)
    try:
        page = win.first_run
        assert page.start_camera()
        qtbot.waitUntil(lambda: page.message_reason == first_run.NOT_ENROLLMENT_QR, timeout=20000)
        assert not fresh.enrolled and page.capture.running
        qtbot.mouseClick(page.demo_button, Qt.LeftButton)
        assert not page.capture.running  # leaving the screen stops its camera
    finally:
        settle_window(win)
        win.shutdown()


def test_without_a_camera_the_screen_says_so(qtbot, first):
    assert not first.first_run.start_camera()
    assert "カメラが使えません" in first.first_run.message.text()


# --- the lock and the window's end ----------------------------------------------------------------------

def test_a_locked_window_enrols_nothing(qtbot, first, fresh, central):
    first.lock()
    page = first.first_run
    assert not page.enroll_button.isEnabled() and not page.server_edit.isEnabled()
    assert not page.enroll_scanned(enrollment_qr.make(central.url, central.code()))
    assert "ロック中" in page.message.text()
    assert not fresh.enrolled


def test_closing_the_window_while_a_central_is_silent_neither_hangs_nor_paints_afterwards(qtbot, first, fresh):
    held = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        accepted = threading.Event()

        def hold():
            conn, _ = listener.accept()
            held.append(conn)
            accepted.set()

        threading.Thread(target=hold, daemon=True).start()
        answers = []
        first.enrollment.finished.connect(answers.append)
        page = first.first_run
        page.server_edit.setText(f"http://127.0.0.1:{listener.getsockname()[1]}")
        page.code_edit.setText("ABCD-EFGH-JKLM-NPQR")
        assert page.enroll_typed()
        assert accepted.wait(10)
        assert not page.enroll_button.isEnabled()  # busy: one enrolment at a time
        assert not first.shutdown(timeout=0.3)  # the silent central still holds it: say so, do not wait
        held[0].close()  # the central goes away
        assert first.enrollment.wait(20)
        qtbot.wait(100)
        assert answers == [] and not fresh.enrolled
