"""The progress line under the name after a scan: real window, real station, real cards, offline.

The station here is not enrolled, so every figure is the station's own ("この端末の記録"); the
central's figure replacing it is in tests/sync/test_progress_online.py.
"""

from __future__ import annotations

from datetime import timedelta

from desktop.checkin import CheckinService
from desktop.progress import STATION
from furusato.keys import generate_key
from furusato.outcomes import Outcome
from tests.store.records import manual
from tests.ui.conftest import open_activity, type_text, wait_result

LINE_2_OF_3 = "この自治体での活動（直近1年）: 2/3回（この端末の記録）"


def _wedge(qtbot, window, token):
    previous = window.checkin.panel.result
    window.checkin.setFocus()
    type_text(window.checkin, token + "\r")
    return wait_result(qtbot, window, previous)


def _wait_progress(qtbot, window, person: str | None = None):
    """The panel's figure, once there is one (for `person`, when given: the panel may still hold
    the previous person's figure while the new count is on its way)."""
    def arrived():
        progress = window.checkin.panel.progress
        return progress is not None and (person is None or progress.person == person)

    qtbot.waitUntil(arrived, timeout=5000)
    return window.checkin.panel.progress


def test_scan_shows_the_stations_count_under_the_name(qtbot, window, station, card, noon):
    token = card("sub-progress-1", "佐藤 花子")
    # Earlier today at another activity (a different activity the same day counts again).
    assert CheckinService(station).check_in_token("demo-yukioroshi", token, noon).outcome is Outcome.RECORDED
    open_activity(qtbot, window, "定例会")
    panel = window.checkin.panel
    assert _wedge(qtbot, window, token).outcome is Outcome.RECORDED
    progress = _wait_progress(qtbot, window)
    assert (progress.count, progress.required, progress.source) == (2, 3, STATION)
    assert panel.name.text() == "佐藤 花子"
    assert panel.progress_line.isVisible()
    assert panel.progress_line.text() == LINE_2_OF_3
    assert "全国基準の3回" in panel.progress_line.toolTip()  # the station does not know the real figure

    # The same card again: already recorded today, and the figure is still shown (unchanged).
    again = _wedge(qtbot, window, token)
    assert again.outcome is Outcome.DUPLICATE
    assert panel.progress is None or panel.progress.count == 2  # cleared with the new result …
    assert _wait_progress(qtbot, window).count == 2  # … and counted again for it
    assert panel.progress_line.text() == LINE_2_OF_3


def test_next_person_gets_their_own_figure_and_a_refusal_shows_none(qtbot, window, station, card, noon):
    first = card("sub-progress-2", "鈴木 一郎")
    CheckinService(station).check_in_token("demo-yukioroshi", first, noon)
    open_activity(qtbot, window, "定例会")
    _wedge(qtbot, window, first)
    assert _wait_progress(qtbot, window).count == 2

    _wedge(qtbot, window, card("sub-progress-3", "高橋 次郎"))
    progress = _wait_progress(qtbot, window, "card:sub-progress-3")
    assert (progress.person, progress.count) == ("card:sub-progress-3", 1)
    assert window.checkin.panel.progress_line.text() == "この自治体での活動（直近1年）: 1/3回（この端末の記録）"
    window.language.switch("en")
    qtbot.waitUntil(lambda: window.checkin.panel.progress_line.text()
                    == "Activities here, last 12 months: 1 of 3 (this station's records)",
                    timeout=2000)
    window.language.switch("ja")

    forged = card("sub-progress-4", key=generate_key())  # unknown key: refused
    assert _wedge(qtbot, window, forged).outcome is Outcome.UNKNOWN_KEY
    qtbot.wait(200)  # nothing is on its way for a refusal
    assert window.checkin.panel.progress is None
    assert not window.checkin.panel.progress_line.isVisible()


def test_three_visits_read_as_reached_and_english_says_the_same(qtbot, window, station, card, noon):
    token = card("sub-progress-5", "伊藤 三郎")
    CheckinService(station).check_in_token("demo-yukioroshi", token, noon)
    earlier = noon - timedelta(days=10)  # a visit ten days ago, written straight to the ledger
    station.ledger.check_in(activity_id="demo-jichikai", day=earlier.date(), at=earlier,
                            person_key="card:sub-progress-5", details=None)
    open_activity(qtbot, window, "定例会")
    _wedge(qtbot, window, token)
    assert _wait_progress(qtbot, window).count == 3
    assert window.checkin.panel.progress_line.text() == "この自治体での活動（直近1年）: 3回（必要3回）（この端末の記録）"
    window.language.switch("en")
    qtbot.waitUntil(lambda: window.checkin.panel.progress_line.text()
                    == "Activities here, last 12 months: 3 (3 needed) (this station's records)",
                    timeout=2000)


def test_locked_window_hides_the_name_but_keeps_the_count(qtbot, window, station, card, noon):
    token = card("sub-progress-6", "渡辺 四郎")
    CheckinService(station).check_in_token("demo-yukioroshi", token, noon)
    open_activity(qtbot, window, "定例会")
    window.lock("manual")
    assert _wedge(qtbot, window, token).outcome is Outcome.RECORDED
    _wait_progress(qtbot, window)
    panel = window.checkin.panel
    assert panel.name.text() == ""
    assert panel.progress_line.isVisible() and panel.progress_line.text() == LINE_2_OF_3


def test_hand_recorded_person_gets_the_stations_count(qtbot, window, station, noon):
    data = manual(name="田中 花子", birth="1980-04-01", postal_code="942-1432", address="松之山1-2")
    CheckinService(station).check_in_manual("demo-yukioroshi", data, noon)
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.submit_manual(data)
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.RECORDED and result.person_key.startswith("manual:")
    progress = _wait_progress(qtbot, window)
    assert (progress.count, progress.source) == (2, STATION)
    assert page.panel.progress_line.text() == LINE_2_OF_3
    page.progress.wait(3000)
    assert page.panel.progress.source == STATION  # never asked of the central


def test_a_late_figure_for_someone_else_is_dropped(qtbot, window, station, card):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    _wedge(qtbot, window, card("sub-progress-7", "中村 五郎"))
    _wait_progress(qtbot, window)
    shown = page.panel.progress
    stale_ticket = page._progress_ticket
    _wedge(qtbot, window, card("sub-progress-8", "小林 六郎"))
    _wait_progress(qtbot, window, "card:sub-progress-8")
    page._on_progress(stale_ticket, shown)  # the earlier person's figure arriving late
    assert page.panel.progress.person == "card:sub-progress-8"
