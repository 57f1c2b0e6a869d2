"""desktop.scanner.wedge_readings' US-gun-on-JIS table against the X server's own us and jp layouts."""

from __future__ import annotations

import pytest

from desktop.scanner.wedge_readings import US_GUN_ON_JIS
from tests.x11.xserver import key_chars, layout_mix_up


@pytest.fixture(scope="module")
def us_to_jis(xserver):
    xserver.layout("us")
    us = key_chars(xserver.keymap())
    xserver.layout("jp")
    try:
        jp = key_chars(xserver.keymap())
    finally:
        xserver.layout("us")
    return layout_mix_up(us, jp)


def test_every_character_a_us_gun_sends_is_read_back(us_to_jis):
    assert us_to_jis["_"] == "="  # the one base64url character that moves
    read_back = {}
    for sent, read in us_to_jis.items():
        read_back.setdefault(read, set()).add(sent)
    for sent, read in us_to_jis.items():
        meant = read.translate(US_GUN_ON_JIS)
        if len(read_back[read]) == 1:
            assert meant == sent, f"US {sent!r} reads {read!r} on JIS, the table gives back {meant!r}"
        else:  # JIS reads two US keys alike (")" and "+" both as "~"): one of them is the answer
            assert meant in read_back[read], (sent, read, meant)


def test_characters_on_the_same_key_in_both_layouts_are_left_alone(us_to_jis):
    same = [char for char, read in us_to_jis.items() if char == read]
    assert set("abcXYZ0189-./,;?%") <= set(same)
    assert "".join(same).translate(US_GUN_ON_JIS) == "".join(same)
