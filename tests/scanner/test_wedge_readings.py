"""What a gun meant: the readings of a typed burst (layout, CapsLock, full-width) and their shape."""

from __future__ import annotations

from desktop.scanner.wedge_readings import MAX_READING_CHARS, looks_like_enrollment, looks_like_scan, readings
from furusato.card_token import issue_card
from furusato.keys import generate_key

_KEY = generate_key()
# A card with "_" in it (the key a JIS layout moves), as about half of all cards have.
CARD = next(card for card in (issue_card(_KEY, iss="https://platform.test", sub=f"sub-readings-{n:03d}", days=30)
                              for n in range(200)) if "_" in card)
ENROL = "frr-enroll:1?server=http%3A%2F%2F127.0.0.1%3A8765&code=ABCD-EFGH-JKLM-NPQR"
# What a laptop set to JIS makes of the keys a US-set gun sends for ENROL (":" is Shift+";" → "+",
# "=" → "^", "&" is Shift+7 → "'"; letters, digits, "-", "%", "?", "." and "/" stay).
ENROL_ON_JIS = "frr-enroll+1?server^http%3A%2F%2F127.0.0.1%3A8765'code^ABCD-EFGH-JKLM-NPQR"


def test_a_clean_burst_is_its_own_first_reading():
    assert readings(CARD)[0] == CARD


def test_capslock_reading_swaps_every_letters_case():
    assert CARD in readings(CARD.swapcase())


def test_us_gun_on_a_jis_laptop_is_read_back():
    on_jis = CARD.replace("_", "=")
    assert CARD in readings(on_jis)
    assert ENROL in readings(ENROL_ON_JIS)


def test_jis_and_capslock_together():
    assert CARD in readings(CARD.replace("_", "=").swapcase())


def test_full_width_input_is_folded():
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in CARD)
    assert full_width != CARD
    assert readings(full_width)[0] == CARD


def test_symbols_that_a_us_gun_sends_read_back_through_the_jis_table():
    # Every US character that lands elsewhere on JIS, as the X server's jp layout reads its keys.
    us = "@^&*(_=[{]}:'\"\\|"
    jis = "\"&'()=^@`[{+:*]}"
    assert us in readings(jis)


def test_readings_are_distinct_and_bounded():
    assert readings("12345") == ["12345"]  # nothing to swap or remap
    assert len(readings("abc=")) == len(set(readings("abc=")))
    huge = "A" * (MAX_READING_CHARS + 1)
    assert readings(huge) == [huge]


def test_shapes_of_what_we_issue():
    assert looks_like_scan(CARD)
    assert looks_like_scan(CARD + "\r")
    assert looks_like_scan(CARD.replace("_", "=").swapcase())
    assert looks_like_scan(ENROL) and looks_like_scan(ENROL_ON_JIS) and looks_like_scan(ENROL.upper())


def test_what_a_person_types_is_not_shaped_like_a_scan():
    for text in ("yamada@example.jp", "090-1234-5678", "松之山 集会所", "abc.def.ghi", "4901234567894",
                 "http://example.jp/a.b.c", "a" * 200, "\ud800\udfff" * 30, "eyJ.eyJ.sig", ""):
        assert not looks_like_scan(text), text


def test_an_enrolment_code_bent_by_the_gun_still_enrols():
    from desktop.first_run import scanned_request

    for bent in (ENROL, ENROL.swapcase(), ENROL_ON_JIS, ENROL_ON_JIS.swapcase()):
        assert looks_like_enrollment(bent), bent
        request = scanned_request(bent)
        assert (request.server, request.code) == ("http://127.0.0.1:8765", "ABCD-EFGH-JKLM-NPQR"), bent
    assert not looks_like_enrollment(CARD)
