"""The check-in page always answers: over the hand-entry form, with how long ago, then back to idle;
outside the activity's window it says 受付時間外 instead of inviting a scan.

Time is a fake clock the window reads (the page ticks once a second; the tests call the tick)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop import first_run
from desktop.ui.main_window import MainWindow
from desktop.ui.outcome_texts import OutcomeClass, explanation
from desktop.ui.result_panel import HOLD_SECONDS
from desktop.ui.settings_registry import StationSettings
from furusato.keys import generate_key
from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, settle_window, type_text, wait_result
from tests.ui.test_first_run import gun_burst  # what the wedge emits for a burst (its timing: tests/scanner)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(noon):
    return Clock(noon)


@pytest.fixture
def timed_window(qtbot, station, clock, tmp_path):
    first_run.choose_demo(station, clock())  # past the first-run screen, as tests/ui/conftest.py does
    win = MainWindow(station, clock=clock, settings=StationSettings(tmp_path / "settings.json"), source_factory=None)
    qtbot.addWidget(win)
    win.show()
    yield win
    settle_window(win)


def _type_into(qtbot, edit, text):
    edit.setFocus()
    type_text(edit, text)
    qtbot.waitUntil(lambda: edit.text() == text, timeout=3000)  # held by the wedge, then handed back


def test_a_card_scanned_while_the_form_is_open_is_answered_above_it(qtbot, timed_window, card):
    window = timed_window
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    _type_into(qtbot, page.form.edits["name"], "Tanaka")
    _type_into(qtbot, page.form.edits["postal_code"], "9421432")
    assert not page.banner.isVisible()

    page.form.edits["email"].setFocus()  # the coordinator is in a field when the gun fires
    gun_burst(page, card("sub-over-form", "佐藤 花子"))
    wait_result(qtbot, window)
    assert page.form_open  # the form stays open ...
    assert page.form.edits["name"].text() == "Tanaka"  # ... with what was typed
    assert page.form.edits["postal_code"].text() == "9421432"
    assert page.form.edits["email"].hasFocus()
    assert page.banner.isVisible() and page.banner.outcome_class is OutcomeClass.RECORDED
    assert page.banner.headline.text() == "記録しました" and page.banner.name.text() == "佐藤 花子"
    assert window.sounds.played[-1] is OutcomeClass.RECORDED

    forged = card("sub-over-form-2", key=generate_key())  # a refusal must not go unnoticed either
    previous = page.panel.result
    gun_burst(page, forged)
    wait_result(qtbot, window, previous)
    assert page.banner.isVisible() and page.banner.outcome_class is OutcomeClass.REFUSED
    assert page.banner.detail.text() == explanation(Outcome.UNKNOWN_KEY)
    assert window.sounds.played[-1] is OutcomeClass.REFUSED
    assert page.form.edits["name"].text() == "Tanaka"

    page.show_panel()  # Esc from the form: the big panel holds the same answer
    assert not page.banner.isVisible()
    assert page.panel.outcome_class is OutcomeClass.REFUSED


def test_a_failed_write_while_the_form_is_open_is_answered_above_it(qtbot, timed_window):
    window = timed_window
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    page.in_flight += 1  # as a submission would
    page._on_failed("wedge", "disk full")
    assert page.banner.isVisible() and page.banner.headline.text() == "エラー"
    assert "disk full" in page.banner.detail.text()
    assert window.sounds.played[-1] is OutcomeClass.REFUSED


def test_an_answer_shows_its_age_and_gives_way_to_the_idle_prompt(qtbot, timed_window, card, clock):
    window = timed_window
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    assert page.ticker.isActive()
    page.submit_token(card("sub-age-001"), "test")
    wait_result(qtbot, window)
    panel = page.panel
    assert panel.age.isVisible() and panel.age.text() == "たった今"
    clock.advance(3)
    page.tick()
    assert panel.age.text() == "3秒前" and panel.headline.text() == "記録しました"
    clock.advance(HOLD_SECONDS[OutcomeClass.RECORDED] - 3 - 1)
    page.tick()
    assert panel.answering
    clock.advance(1)
    page.tick()
    assert not panel.answering and panel.result is None
    assert panel.headline.text() == "登録証をかざしてください"
    assert panel.name.text() == "" and not panel.age.isVisible()  # the previous person's name is gone


def test_a_refusal_stays_longer_than_a_record(qtbot, timed_window, card, clock):
    window = timed_window
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.submit_token("not-a-card", "test")
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.UNREADABLE
    clock.advance(HOLD_SECONDS[OutcomeClass.RECORDED] + 1)
    page.tick()
    assert page.panel.answering and page.panel.age.text() == f"{HOLD_SECONDS[OutcomeClass.RECORDED] + 1}秒前"
    clock.advance(HOLD_SECONDS[OutcomeClass.REFUSED])
    page.tick()
    assert not page.panel.answering


def test_the_banner_over_the_form_goes_too(qtbot, timed_window, card, clock):
    window = timed_window
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    gun_burst(page, card("sub-banner-age"))
    wait_result(qtbot, window)
    assert page.banner.isVisible()
    clock.advance(2)
    page.tick()
    assert page.banner.age.text() == "2秒前"
    clock.advance(HOLD_SECONDS[OutcomeClass.RECORDED])
    page.tick()
    assert not page.banner.isVisible() and page.form_open


def test_an_activity_outside_its_window_says_so_instead_of_inviting_a_scan(qtbot, timed_window, card, clock):
    window = timed_window
    open_activity(qtbot, window, "星峠")  # tomorrow's grass cutting, 08:00–12:00
    page = window.checkin
    panel = page.panel
    starts = page.activity.starts_at
    assert panel.headline.text() == "受付時間外"
    assert "登録証をかざしてください" not in panel.headline.text() + panel.detail.text()
    assert f"{starts:%m/%d %H:%M}" in panel.detail.text() and "始まるまで記録できません" in panel.detail.text()
    assert panel.styleSheet().count("#455a64") == 1  # neither the idle grey nor an answer's colour

    page.submit_token(card("sub-too-early"), "test")
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.ACTIVITY_NOT_OPEN
    assert panel.outcome_class is OutcomeClass.REFUSED and "受付時間外" in panel.detail.text()
    assert window.sounds.played[-1] is OutcomeClass.REFUSED
    clock.advance(HOLD_SECONDS[OutcomeClass.REFUSED])
    page.tick()
    assert panel.headline.text() == "受付時間外"  # back to the closed state, not to the prompt

    clock.now = starts + timedelta(minutes=1)  # the morning comes: the window opens
    page.tick()
    assert panel.headline.text() == "登録証をかざしてください"
    clock.now = page.activity.ends_at + timedelta(minutes=1)
    page.tick()
    assert panel.headline.text() == "受付時間外" and "終了しました" in panel.detail.text()


def test_closed_state_in_english(qtbot, timed_window):
    window = timed_window
    open_activity(qtbot, window, "星峠")
    window.language.switch("en")
    qtbot.waitUntil(lambda: window.checkin.panel.headline.text() == "Not open for check-in", timeout=2000)
    window.checkin.tick()
    assert window.checkin.panel.detail.text().startswith("Check-in is open from ")
