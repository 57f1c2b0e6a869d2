from __future__ import annotations

import random

from desktop.scanner.wedge import MAX_BURST, KeyboardWedge
from furusato.card_token import issue_card
from furusato.keys import generate_key

TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhYmMxMjM0NTY3OCJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
# A real card: header, payload and an 86-character signature, with "_" and "-" where they fall.
CARD = issue_card(generate_key(), iss="https://platform.test", sub="sub-wedge-core", name="Yamada", days=30)


def typed(text, gaps, start=1000.0, suffix="\r"):
    """Key events for `text` (+ suffix) with the given inter-key gaps (ms), one per key after the first."""
    keys = list(text) + ([suffix] if suffix else [])
    t, events = start, []
    for i, key in enumerate(keys):
        if i:
            t += gaps[i - 1] if i - 1 < len(gaps) else gaps[-1]
        events.append((t, key))
    return events


def run(wedge, events, quiet_after=1000):
    """Feed `events`, then let the keyboard go quiet: the scans (with suffix) and the keys handed back."""
    scans, passed = [], []

    def take(result):
        if result.scanned is not None:
            scans.append((result.scanned, result.suffix))
        passed.extend(result.passthrough)

    for t, key in events:
        take(wedge.feed(t, key))
    take(wedge.poll(events[-1][0] + quiet_after))
    return scans, passed


def test_scanner_burst_with_enter_is_a_scan():
    scans, passed = run(KeyboardWedge(), typed(TOKEN, [8]))
    assert scans == [(TOKEN, "enter")] and passed == []


def test_scanner_burst_with_tab_is_a_scan():
    scans, passed = run(KeyboardWedge(), typed(CARD, [4], suffix="\t"))
    assert scans == [(CARD, "tab")] and passed == []


def test_scanner_burst_with_no_suffix_is_a_scan_once_it_goes_quiet():
    wedge = KeyboardWedge()
    events = typed(CARD, [4], suffix=None)
    for t, key in events:
        assert wedge.feed(t, key).scanned is None
    last = events[-1][0]
    assert wedge.poll(last + 100).scanned is None  # not quiet long enough yet: the gun may go on
    result = wedge.poll(last + 200)
    assert result.scanned == CARD and result.suffix is None and result.passthrough == []


def test_no_suffix_burst_not_shaped_like_ours_goes_to_the_widget():
    # A gun reading a product's barcode into the hand-entry form: fast, long, but not a token.
    text = "4901234567894-PRODUCT-CODE-0001"
    scans, passed = run(KeyboardWedge(), typed(text, [4], suffix=None))
    assert scans == [] and "".join(passed) == text


def test_enrolment_code_with_no_suffix_is_a_scan():
    text = "frr-enroll:1?server=http%3A%2F%2F127.0.0.1%3A8765&code=ABCD-EFGH-JKLM-NPQR"
    scans, passed = run(KeyboardWedge(), typed(text, [3], suffix=None))
    assert scans == [(text, None)] and passed == []


def test_scanner_with_one_slow_gap_is_still_a_scan():
    gaps = [6] * len(TOKEN)
    gaps[30] = 90
    scans, passed = run(KeyboardWedge(), typed(TOKEN, gaps))
    assert scans == [(TOKEN, "enter")] and passed == []


def test_hiccups_close_together_early_in_the_burst_are_still_a_scan():
    gaps = [4] * len(CARD)
    gaps[1] = gaps[4] = 80  # a busy machine's input stalling twice in the first keys
    scans, passed = run(KeyboardWedge(), typed(CARD, gaps))
    assert scans == [(CARD, "enter")] and passed == []


def test_two_slow_gaps_in_a_row_are_a_person_not_a_gun():
    gaps = [4] * len(CARD)
    gaps[50] = gaps[51] = 90  # the pauses before keys 51 and 52
    scans, passed = run(KeyboardWedge(), typed(CARD, gaps))
    assert "".join(passed) == CARD[:52]  # up to the key between the two pauses
    assert scans == [(CARD[52:], "enter")]


def test_a_person_alternating_fast_and_slow_keys_is_never_a_scan():
    text = "thethethethethethethethethethe"
    scans, passed = run(KeyboardWedge(), typed(text, [15, 130]))
    assert scans == [] and "".join(passed) == text + "\r"


def test_long_burst_tolerates_a_hiccup_per_ten_keys():
    gaps = [4] * len(CARD)
    for i in range(20, len(CARD) - 1, 25):  # a Bluetooth gun stalling every 25 keys
        gaps[i] = 120
    scans, passed = run(KeyboardWedge(), typed(CARD, gaps))
    assert scans == [(CARD, "enter")] and passed == []


def test_a_stall_longer_than_the_limit_splits_the_burst():
    gaps = [4] * len(CARD)
    gaps[60] = 400
    scans, passed = run(KeyboardWedge(), typed(CARD, gaps))
    # The first part is handed back; what follows is still a fast burst with Enter, so it is a scan
    # (of a broken token, which the card check refuses as unreadable — the volunteer scans again).
    assert "".join(passed) == CARD[:61]
    assert scans == [(CARD[61:], "enter")]


def test_person_typing_is_passed_through_in_order():
    rng = random.Random(4)
    text = "やまだ taro 090-1234-5678 yamada@example.jp"
    gaps = [rng.uniform(60, 400) for _ in text]
    scans, passed = run(KeyboardWedge(), typed(text, gaps))
    assert scans == [] and "".join(passed) == text + "\r"


def test_person_typing_a_token_at_human_speed_is_never_a_scan():
    for suffix in ("\r", "\t", None):
        scans, passed = run(KeyboardWedge(), typed(CARD, [120], suffix=suffix))
        assert scans == [] and "".join(passed) == CARD + (suffix or "")


def test_person_typing_fast_for_a_few_keys_is_not_a_scan():  # rollover: a few keys within ms
    text = "the quick brown fox jumps over"  # long enough, with a fast run inside
    gaps = [120, 90, 25, 20, 22, 18, 140] + [110] * len(text)
    scans, passed = run(KeyboardWedge(), typed(text, gaps))
    assert scans == [] and "".join(passed) == text + "\r"


def test_a_persons_keys_go_at_their_second_slow_gap():
    wedge = KeyboardWedge()
    assert wedge.feed(0, "y").passthrough == []
    assert wedge.feed(120, "a").passthrough == []  # a gun may stall after its first key, too
    assert wedge.feed(240, "m").passthrough == ["y", "a"]
    assert wedge.holding == 1


def test_a_gun_stalling_after_its_first_key_is_still_a_scan():
    gaps = [4] * len(CARD)
    gaps[0] = 100
    scans, passed = run(KeyboardWedge(), typed(CARD, gaps))
    assert scans == [(CARD, "enter")] and passed == []


def test_short_fast_burst_is_the_persons():
    scans, passed = run(KeyboardWedge(), typed("abc", [10]))
    assert scans == [] and passed == ["a", "b", "c", "\r"]


def test_a_key_held_down_is_not_a_scan():
    scans, passed = run(KeyboardWedge(), typed("a" * 40, [25]))  # fast autorepeat, then Enter
    assert scans == [] and passed == ["a"] * 40 + ["\r"]


def test_poll_releases_keys_after_the_burst_went_quiet():
    wedge = KeyboardWedge()
    assert wedge.feed(0, "x").passthrough == []
    assert wedge.poll(50).passthrough == []
    assert wedge.poll(500).passthrough == ["x"]
    assert wedge.holding == 0


def test_interrupt_hands_back_what_was_held():
    wedge = KeyboardWedge()
    for t, key in typed("abcdef", [5], suffix=None):
        wedge.feed(t, key)
    assert wedge.interrupt() == list("abcdef")
    assert wedge.holding == 0


def test_person_then_scan_back_to_back():
    events = typed("hi", [200], suffix=None) + typed(TOKEN, [5], start=2000)
    scans, passed = run(KeyboardWedge(), events)
    assert scans == [(TOKEN, "enter")] and passed == ["h", "i"]


def test_clock_going_backwards_does_not_join_two_bursts():
    wedge = KeyboardWedge()
    for t, key in typed("abcdefgh", [4], start=5000, suffix=None):
        wedge.feed(t, key)
    assert wedge.feed(10, "z").passthrough == list("abcdefgh")


def test_hostile_bursts_are_bounded_and_handed_back():
    wedge = KeyboardWedge()
    passed = []
    for i in range(MAX_BURST + 10):
        passed += wedge.feed(i * 2.0, "\ud800" if i % 2 else "\u202e").passthrough  # lone surrogates, RTL marks
    assert wedge.holding <= MAX_BURST
    passed += wedge.poll(1e9).passthrough
    assert len(passed) == MAX_BURST + 10 and wedge.holding == 0
