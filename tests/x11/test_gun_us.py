"""A scanner gun as it really is, on the real window — issue 11's acceptance check.

A station enrolled to the real central on loopback; its window in its own process under Xvfb; the
activity picked by typing its title into the picker's search and Enter; a card token typed by
xdotool at gun speed, Shift pressed and released around every capital as X11 sends it, then the
gun's suffix. The card must then be in the station's CSV export. A person typing at ~120 ms a key
is never taken for a scan.
"""

from __future__ import annotations

import itertools
import re

import pytest

from furusato.record_format import kind_text, status_text
from tests.x11.conftest import ACCEPTANCE, PAIR, enrolled_station, open_window
from tests.x11.station_window import wait_for

HUMAN_MS = 120  # a person at the keyboard
_serial = itertools.count()


@pytest.fixture(scope="module")
def station(tmp_path_factory, central):
    return enrolled_station(tmp_path_factory.mktemp("station-us"), central)


@pytest.fixture(scope="module")
def window(xserver, station):
    window = open_window(xserver, station, "gun-us")
    yield window
    window.alt_f4()
    assert window.wait_exit(60) == 0, window.log()[-3000:]


def new_card(central, label: str, name: str = "山田 太郎") -> tuple[str, str]:
    sub = f"x11-{label}-{next(_serial):04d}"
    return sub, central.issue_card(sub, name)


def pick(window, typed: str, delay_ms: float = HUMAN_MS) -> None:
    """Back to the picker (Esc closes the form, then the page), then the title typed and Enter."""
    window.x.key("Escape", "Escape")
    window.pick_activity(typed, delay_ms)


def exported(station, tmp_path) -> list[dict[str, str]]:
    return station.export_csv(tmp_path / "export.csv")


def test_acceptance_card_at_4ms_with_enter_is_in_the_csv_export(window, station, central, tmp_path):
    before = len(station.attendance())
    pick(window, "Yukioroshi")
    sub, token = new_card(central, "enter")
    assert any(c.isupper() for c in token)  # Shift around capitals: what broke every gun before
    window.scan(token, "\r", delay_ms=4)
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]
    rows = [row for row in exported(station, tmp_path) if row["card_subject"] == sub]
    assert len(rows) == 1
    assert rows[0]["activity_id"] == ACCEPTANCE[0] and rows[0]["name"] == "山田 太郎"
    assert rows[0]["kind"] == kind_text(is_card=True) and rows[0]["status"] == status_text("active")
    assert len(station.attendance()) == before + 1  # the title typed into the search recorded nothing


@pytest.mark.parametrize(("suffix", "label"), [("\t", "tab"), ("", "nosuffix")])
def test_acceptance_variants_tab_and_no_suffix(window, station, central, tmp_path, suffix, label):
    pick(window, "Yukioroshi")
    sub, token = new_card(central, label)
    window.scan(token, suffix, delay_ms=4)
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]
    assert [row["activity_id"] for row in exported(station, tmp_path) if row["card_subject"] == sub] \
        == [ACCEPTANCE[0]]


@pytest.mark.parametrize("delay_ms", [2, 8])
def test_guns_from_2_to_8_ms_a_key(window, station, central, delay_ms):
    pick(window, "Yukioroshi")
    sub, token = new_card(central, f"speed{delay_ms}")
    window.scan(token, "\r", delay_ms=delay_ms)
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]


def test_capslock_on_still_records_the_card(window, station, central):
    pick(window, "Yukioroshi")
    sub, token = new_card(central, "capslock")
    window.x.key("Caps_Lock")
    try:
        window.scan(token, "\r", delay_ms=4)  # every letter arrives with its case flipped
    finally:
        window.x.key("Caps_Lock")
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]


def test_up_and_down_in_the_search_box_choose_the_activity(window, station, central):
    (first_id, _), (second_id, _) = PAIR
    window.x.key("Escape", "Escape")
    window.x.type("Kusakari", delay_ms=HUMAN_MS)  # both match; A is listed first (it started first)
    window.x.key("Down", "Return")
    sub, token = new_card(central, "down")
    window.scan(token)
    assert station.wait_for_card(sub)["activity_id"] == second_id
    window.x.key("Escape", "Escape")
    window.x.type("Kusakari", delay_ms=HUMAN_MS)
    window.x.key("Down", "Down", "Up", "Return")
    sub, token = new_card(central, "up")
    window.scan(token)
    assert station.wait_for_card(sub)["activity_id"] == first_id


def test_a_person_typing_the_hand_entry_form_is_never_a_scan(window, station, central, tmp_path):
    """Every field typed at a person's pace, Tab between them, Enter to save: one hand-entered record
    with exactly what was typed, and no scan."""
    pick(window, "Yukioroshi")
    cards_before = [row for row in station.attendance() if row["person_key"].startswith("card:")]
    manual_before = len(station.attendance()) - len(cards_before)
    window.x.key("F2")
    typed = ["Sato Hanako", "", "942-1432", "1-2-3", "1990-04-01", "hanako@example.jp", "025-597-0000"]
    window.x.type("\t".join(typed) + "\r", delay_ms=HUMAN_MS)
    wait_for(lambda: len(station.attendance()) > len(cards_before) + manual_before, 60, "the hand entry saved")
    rows = [row for row in exported(station, tmp_path) if row["kind"] == kind_text(is_card=False)]
    assert len(rows) == manual_before + 1
    saved = rows[-1]
    assert (saved["name"], saved["birth_date"], saved["email"]) == \
        ("Sato Hanako", "1990-04-01", "hanako@example.jp")
    # Every digit typed arrived (how the export spells postal codes and phones is not this test's business).
    assert re.sub(r"\D", "", saved["postal_code"]) == "9421432"
    assert re.sub(r"\D", "", saved["phone"]).endswith("255970000")
    assert saved["address"].endswith("1-2-3") and saved["activity_id"] == ACCEPTANCE[0]
    assert [row for row in station.attendance() if row["person_key"].startswith("card:")] == cards_before
    # Saved, the page is back to scanning: a gun now is a scan again.
    sub, token = new_card(central, "into-form")
    window.scan(token)
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]
