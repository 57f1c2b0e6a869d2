"""A gun left on the US layout, on a laptop whose keyboard is set to JIS (the usual Japanese one).

The window starts on the JIS layout, as on such a laptop. The gun sends the US key codes of the
token; what X makes of them on JIS is worked out from the X server's own two keymaps (not from the
station's table), then typed by xdotool on the JIS layout — the same key presses a US gun sends.
"""

from __future__ import annotations

import itertools

import pytest

from tests.x11.conftest import ACCEPTANCE, enrolled_station, open_window

_serial = itertools.count()


@pytest.fixture(scope="module")
def station(tmp_path_factory, central):
    return enrolled_station(tmp_path_factory.mktemp("station-jis"), central)


@pytest.fixture(scope="module")
def window(xserver, station, on_jis):
    window = open_window(xserver, station, "gun-jis")
    yield window
    window.alt_f4()
    assert window.wait_exit(60) == 0, window.log()[-3000:]


def card_with_underscore(central) -> tuple[str, str]:
    """A card whose token has "_" (the key JIS moves): about every other card has one."""
    for _ in range(40):
        sub = f"x11-jis-{next(_serial):04d}"
        token = central.issue_card(sub, "鈴木 一郎")
        if "_" in token:
            return sub, token
    raise AssertionError("no card with '_' in 40 tries")


@pytest.mark.parametrize(("suffix", "label"), [("\r", "enter"), ("\t", "tab"), ("", "nosuffix")])
def test_a_us_gun_on_a_jis_laptop_records(window, station, central, on_jis, suffix, label):
    window.x.key("Escape", "Escape")
    window.pick_activity("Yukioroshi", 120)
    sub, token = card_with_underscore(central)
    on_screen = "".join(on_jis[char] for char in token)
    assert on_screen != token and "=" in on_screen  # what the station actually receives
    window.scan(on_screen, suffix, delay_ms=4)
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]


def test_a_us_gun_on_a_jis_laptop_with_capslock_on_records(window, station, central, on_jis):
    window.x.key("Escape", "Escape")
    window.pick_activity("Yukioroshi", 120)
    sub, token = card_with_underscore(central)
    window.x.key("Caps_Lock")
    try:
        window.scan("".join(on_jis[char] for char in token), "\r", delay_ms=4)
    finally:
        window.x.key("Caps_Lock")
    assert station.wait_for_card(sub)["activity_id"] == ACCEPTANCE[0]
