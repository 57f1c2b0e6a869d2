"""desktop.scanner.wedge_readings' US-gun-on-JIS table against the X server's own us and jp layouts."""

from __future__ import annotations

from desktop.scanner.wedge_readings import US_GUN_ON_JIS


def test_every_character_a_us_gun_sends_is_read_back(on_jis):
    assert on_jis["_"] == "="  # the one base64url character that moves
    read_back = {}
    for sent, read in on_jis.items():
        read_back.setdefault(read, set()).add(sent)
    for sent, read in on_jis.items():
        meant = read.translate(US_GUN_ON_JIS)
        if len(read_back[read]) == 1:
            assert meant == sent, f"US {sent!r} reads {read!r} on JIS, the table gives back {meant!r}"
        else:  # JIS reads two US keys alike (")" and "+" both as "~"): one of them is the answer
            assert meant in read_back[read], (sent, read, meant)


def test_characters_on_the_same_key_in_both_layouts_are_left_alone(on_jis):
    same = [char for char, read in on_jis.items() if char == read]
    assert set("abcXYZ0189-./,;?%") <= set(same)
    assert "".join(same).translate(US_GUN_ON_JIS) == "".join(same)
