"""The central's figure for a card holder, from the real central on loopback.

First the client alone (`desktop.sync.progress_client`): the answer, the central's refusals, garbage,
silence and waiting for the person's records to be uploaded. Then the window: the station's figure
appears first and the central's replaces it once the sync worker has uploaded the check-in; when the
central cannot give one, the station's figure stays and nothing else changes on the panel.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from central import admin
from central.platform_keys import PLATFORM_ID
from desktop.checkin import CheckinService
from desktop.progress import CENTRAL, STATION
from desktop.sync.enrollment import META_SERVER, enroll
from desktop.sync.errors import BadResponse, NotEnrolled, Refused, TransientError
from desktop.sync.progress_client import CentralProgress, parse_answer, unsynced
from desktop.sync.sync_round import sync_once
from furusato.card_token import issue_card
from tests.sync.conftest import LG, NOW, client, open_station

ACTIVITY = "central-kusakari"  # CENTRAL_ACTIVITY of the conftest, 2026-11-22 08:00–17:00
SECOND = {"id": "central-yukioroshi", "title": "雪下ろし（中央）", "kind": "designated_project", "venue": LG,
          "start": "2026-11-22T06:00:00+09:00", "end": "2026-11-22T18:00:00+09:00"}
SUB = "progress-person-01"
PERSON = f"card:{SUB}"


def card(central, sub: str = SUB) -> str:
    return issue_card(central.platform_key(), iss=PLATFORM_ID, sub=sub, name="木村 花子",
                      iat=int(NOW.timestamp()) - 3600, days=30)


def set_person(central, sub: str = SUB, residence: str | None = "131016") -> None:
    with central.engine.begin() as conn:
        admin.upsert_person(conn, sub, residence=residence, mynumber_verified=True)


def require(central, n: int) -> None:
    with central.engine.begin() as conn:
        admin.upsert_lg(conn, LG, required=n)


@pytest.fixture
def other_station(tmp_path, central):
    """A second station of the same local government: records the central has and this one does not."""
    central.add_activity(**SECOND)
    opened = open_station(tmp_path / "other")
    enroll(opened, central.url, central.codes[1], label="other")
    yield opened
    opened.close()


# --- the client alone ---------------------------------------------------------------------------


def test_the_central_answers_with_its_count_and_the_local_governments_required(enrolled, central, other_station):
    require(central, 4)
    set_person(central)
    CheckinService(other_station).check_in_token(SECOND["id"], card(central), NOW)
    CheckinService(enrolled).check_in_token(ACTIVITY, card(central), NOW)
    fetcher = CentralProgress(enrolled)
    assert fetcher.target() == LG
    assert unsynced(enrolled.engine, PERSON) == 1
    assert not CentralProgress(enrolled, sync_wait=0.2).wait_synced(PERSON)  # not uploaded yet
    for station in (other_station, enrolled):
        assert sync_once(station, client(central.url)).error is None
    assert unsynced(enrolled.engine, PERSON) == 0 and fetcher.wait_synced(PERSON)
    progress = fetcher.fetch(PERSON, NOW.date())
    fetcher.close()
    # Two activities on one day count twice; the central knows both stations' records and the real figure.
    assert (progress.count, progress.required, progress.source) == (2, 4, CENTRAL)
    assert progress.required_known and progress.lg == LG and progress.as_of == NOW.date()


def test_unknown_and_incomplete_people_are_refusals(enrolled, central):
    fetcher = CentralProgress(enrolled)
    with pytest.raises(Refused) as unknown:
        fetcher.fetch("card:nobody-known-here", NOW.date())
    assert (unknown.value.status, unknown.value.code) == (404, "unknown_person")
    set_person(central, "half-known-person", residence=None)
    with pytest.raises(Refused) as incomplete:
        fetcher.fetch("card:half-known-person", NOW.date())
    assert (incomplete.value.status, incomplete.value.code) == (409, "person_incomplete")
    with pytest.raises(ValueError):
        fetcher.fetch("manual:0123456789abcdef", NOW.date())  # the central files nobody under that
    fetcher.close()


def test_only_an_enrolled_active_station_is_answered(enrolled, central):
    """The fetch is signed by the station's device key (central/device_auth.py): once the central has
    revoked the device, or for a key the central never enrolled, the person-level answer is refused."""
    set_person(central)
    fetcher = CentralProgress(enrolled)
    assert fetcher.fetch(PERSON, NOW.date()).source == CENTRAL
    central.forget_device_key(enrolled.signer.device_id)
    with pytest.raises(Refused) as unknown_key:
        fetcher.fetch(PERSON, NOW.date())
    assert (unknown_key.value.status, unknown_key.value.code) == (401, "unauthenticated")
    fetcher.close()


def test_a_revoked_station_is_refused(enrolled, central):
    set_person(central)
    central.revoke_device(enrolled.signer.device_id)
    fetcher = CentralProgress(enrolled)
    with pytest.raises(Refused) as revoked:
        fetcher.fetch(PERSON, NOW.date())
    assert (revoked.value.status, revoked.value.code) == (403, "device_revoked")
    fetcher.close()


def test_a_station_without_a_central_asks_nothing(station):
    fetcher = CentralProgress(station)
    assert fetcher.target() is None
    with pytest.raises(NotEnrolled):
        fetcher.fetch(PERSON, NOW.date())


class _Garbage(BaseHTTPRequestHandler):
    body = b"<html>captive portal</html>"
    delay = 0.0

    def do_GET(self):  # noqa: N802
        time.sleep(self.delay)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(self.body)))
            self.end_headers()
            self.wfile.write(self.body)
        except OSError:
            pass  # the station gave up waiting, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def garbage_server():
    servers = []

    def start(body: bytes, delay: float = 0.0) -> str:
        handler = type("Handler", (_Garbage,), {"body": body, "delay": delay})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("body", [
    b"<html>captive portal</html>",
    b'{"target": "152102", "count": "2", "required": 3}',
    b'{"target": "152102", "count": true, "required": 3}',
    b'{"target": "011002", "count": 2, "required": 3}',
    b'[2, 3]',
])
def test_garbage_is_a_bad_response(station, garbage_server, body):
    station.meta.set(META_SERVER, garbage_server(body))
    station.meta.set("local_government", LG)
    with pytest.raises(BadResponse):
        CentralProgress(station).fetch(PERSON, NOW.date())


def test_a_silent_central_is_given_up_within_two_seconds(station, garbage_server):
    station.meta.set(META_SERVER, garbage_server(b'{"target": "152102", "count": 2, "required": 3}', delay=5))
    started = time.monotonic()
    with pytest.raises(TransientError) as silent:
        CentralProgress(station).fetch(PERSON, NOW.date())
    assert silent.value.code == "timeout" and time.monotonic() - started < 2.0


def test_parse_answer_takes_count_and_required_only():
    answer = {"target": LG, "eligible": False, "count": 2, "required": 3, "reasons": ["residence"]}
    progress = parse_answer(answer, PERSON, LG, NOW.date())
    assert (progress.count, progress.required, progress.reached) == (2, 3, False)
    assert not hasattr(progress, "reasons")  # the verdict stays at the central


# --- in the window ------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, enrolled, tmp_path):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings

    win = MainWindow(enrolled, clock=lambda: NOW, settings=StationSettings(tmp_path / "settings.json"),
                     source_factory=None, sync_options={"interval": 0.5, "offline_interval": 0.3})
    qtbot.addWidget(win)
    win.show()
    seen: list = []
    win.checkin.progress.ready.connect(lambda _ticket, progress: seen.append(progress))
    win.seen = seen
    yield win
    win.shutdown()


def _scan(qtbot, win, token) -> None:
    win.open_activity(win.station.activities.get(ACTIVITY))
    win.checkin.submit_token(token, "test")
    # The spy's slot is queued after the page's: wait for both.
    qtbot.waitUntil(lambda: win.checkin.panel.progress is not None and bool(win.seen), timeout=5000)


def test_the_centrals_figure_replaces_the_stations(qtbot, window, central, other_station):
    require(central, 4)
    set_person(central)
    CheckinService(other_station).check_in_token(SECOND["id"], card(central), NOW)
    sync_once(other_station, client(central.url))
    _scan(qtbot, window, card(central))
    panel = window.checkin.panel
    first = window.seen[0]
    assert (first.source, first.count, first.required) == (STATION, 1, 3)
    qtbot.waitUntil(lambda: panel.progress.source == CENTRAL and len(window.seen) == 2, timeout=8000)
    assert [p.source for p in window.seen] == [STATION, CENTRAL]
    assert panel.progress_line.text() == "この自治体での活動（直近1年）: 2/4回（中央の記録）"
    assert panel.progress_line.toolTip() == ""  # the central knows the local government's figure
    assert panel.headline.text() == "記録しました" and panel.name.text() == "木村 花子"
    assert ("GET", "/v1/eligibility") in central.requests


def test_an_unknown_person_keeps_the_stations_figure(qtbot, window, central):
    _scan(qtbot, window, card(central, "stranger-to-central"))
    panel = window.checkin.panel
    qtbot.waitUntil(lambda: ("GET", "/v1/eligibility") in central.requests, timeout=8000)
    assert window.checkin.progress.wait(3000)
    qtbot.wait(100)  # anything queued would have been painted by now
    assert panel.progress.source == STATION
    assert panel.progress_line.text() == "この自治体での活動（直近1年）: 1/3回（この端末の記録）"
    assert panel.headline.text() == "記録しました"


def test_an_unreachable_central_keeps_the_stations_figure(qtbot, window, central):
    central.stop()
    window.checkin.progress.central.sync_wait = 0.5  # the check-in cannot be uploaded: stop waiting soon
    started = time.monotonic()
    _scan(qtbot, window, card(central, "offline-visitor"))
    assert window.checkin.progress.wait(5000)
    assert time.monotonic() - started < 5
    qtbot.wait(100)
    panel = window.checkin.panel
    assert [p.source for p in window.seen] == [STATION]
    assert panel.progress.source == STATION and panel.headline.text() == "記録しました"


def test_a_garbage_central_keeps_the_stations_figure(qtbot, window, central, garbage_server):
    # The records were uploaded to the real central; then the eligibility answer comes from elsewhere.
    set_person(central, "garbage-visitor")
    _scan(qtbot, window, card(central, "garbage-visitor"))
    page = window.checkin
    qtbot.waitUntil(lambda: unsynced(window.station.engine, "card:garbage-visitor") == 0, timeout=8000)
    page.progress.wait(5000)
    window.station.meta.set(META_SERVER, garbage_server(b'{"oops": 1}'))
    page.submit_token(card(central, "garbage-visitor"), "test")  # again: already recorded today
    qtbot.waitUntil(lambda: page.panel.result.outcome.value == "duplicate" and page.panel.progress is not None,
                    timeout=5000)
    assert page.progress.wait(5000)
    qtbot.wait(100)
    assert page.panel.progress.source == STATION
    assert page.panel.progress_line.text() == "この自治体での活動（直近1年）: 1/3回（この端末の記録）"


def test_closing_mid_fetch_ends_within_the_timeout_and_emits_nothing(qtbot, enrolled, central, garbage_server):
    from desktop.ui.progress_runner import ProgressRunner

    CheckinService(enrolled).check_in_token(ACTIVITY, card(central, "closing-visitor"), NOW)
    sync_once(enrolled, client(central.url))  # nothing pending: the runner goes straight to the central
    enrolled.meta.set(META_SERVER, garbage_server(b'{"target": "152102", "count": 1, "required": 3}', delay=5))
    runner = ProgressRunner(enrolled)
    seen = []
    runner.ready.connect(lambda _ticket, progress: seen.append(progress.source))
    runner.request("card:closing-visitor", NOW.date())
    qtbot.waitUntil(lambda: seen == [STATION], timeout=3000)
    qtbot.wait(200)  # the central call is on its way now
    started = time.monotonic()
    assert runner.shutdown(5000)
    assert time.monotonic() - started < 2.5
    qtbot.wait(100)
    assert seen == [STATION]  # the late answer (had it come) is not emitted after shutdown


@pytest.mark.parametrize("laptop_off_by", [-600.0, 600.0])
def test_a_station_with_a_wrong_clock_signs_with_the_centrals_time(enrolled, central, laptop_off_by):
    """Field laptops' clocks are often minutes off; the central allows 60 s on a device token. The
    station signs with the central's time as it last measured it (`server_time` in every answer)."""
    from datetime import datetime

    from desktop.sync import clock
    from furusato.activity import JST

    set_person(central)
    laptop = lambda: time.time() + laptop_off_by  # noqa: E731 - this station's wrong clock
    # A sync remembers the skew it sees (here the real clock's: about none).
    assert sync_once(enrolled, client(central.url)).error is None
    assert abs(clock.known_skew(enrolled.meta)) < 5
    fetcher = CentralProgress(enrolled, wall_clock=laptop)
    with pytest.raises(Refused) as refused:  # the laptop's time, uncorrected: the token is out of date
        fetcher.fetch(PERSON, NOW.date())
    assert (refused.value.status, refused.value.code) == (401, "unauthenticated")
    # The skew as the sync measures it on this laptop: its clock against a real answer's server_time.
    answer = client(central.url).get("/v1/activities")
    seen = clock.check(answer["server_time"], local_now=datetime.fromtimestamp(laptop(), JST))
    assert seen.off and abs(seen.skew_seconds - laptop_off_by) < 5
    clock.remember(enrolled.meta, seen)
    progress = fetcher.fetch(PERSON, NOW.date())
    fetcher.close()
    assert progress.source == CENTRAL and progress.lg == LG
