from __future__ import annotations

from desktop.scanner.wedge import KeyboardWedge

TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhYmMxMjM0NTY3OCJ9.c2lnbmF0dXJlc2lnbmF0dXJl"


def typed(text, gaps, start=1000.0, enter=True):
    """Key events for `text` (+ Enter) with the given inter-key gaps (ms), one per key after the first."""
    keys = list(text) + (["\r"] if enter else [])
    t, events = start, []
    for i, key in enumerate(keys):
        if i:
            t += gaps[i - 1] if i - 1 < len(gaps) else gaps[-1]
        events.append((t, key))
    return events


def run(wedge, events):
    scans, passed = [], []
    for t, key in events:
        result = wedge.feed(t, key)
        if result.scanned is not None:
            scans.append(result.scanned)
        passed += result.passthrough
    passed += wedge.poll(events[-1][0] + 1000)
    return scans, passed


def test_scanner_burst_is_a_scan():
    scans, passed = run(KeyboardWedge(), typed(TOKEN, [8]))
    assert scans == [TOKEN] and passed == []


def test_scanner_with_one_slow_gap_is_still_a_scan():
    gaps = [6] * len(TOKEN)
    gaps[30] = 90
    scans, passed = run(KeyboardWedge(), typed(TOKEN, gaps))
    assert scans == [TOKEN] and passed == []


def test_person_typing_is_passed_through_in_order():
    import random

    rng = random.Random(4)
    text = "やまだ taro 090-1234-5678 yamada@example.jp"
    gaps = [rng.uniform(60, 400) for _ in text]
    scans, passed = run(KeyboardWedge(), typed(text, gaps))
    assert scans == [] and "".join(passed) == text + "\r"


def test_person_typing_fast_for_a_few_keys_is_not_a_scan():
    text = "the quick brown fox jumps over"  # long enough, with a fast run inside
    gaps = [120, 90, 25, 20, 22, 18, 140] + [110] * len(text)
    scans, passed = run(KeyboardWedge(), typed(text, gaps))
    assert scans == [] and "".join(passed) == text + "\r"


def test_short_fast_burst_is_the_persons():
    scans, passed = run(KeyboardWedge(), typed("abc", [10]))
    assert scans == [] and passed == ["a", "b", "c", "\r"]


def test_poll_releases_keys_after_the_burst_went_quiet():
    wedge = KeyboardWedge()
    assert wedge.feed(0, "x").passthrough == []
    assert wedge.poll(50) == []
    assert wedge.poll(500) == ["x"]


def test_person_then_scan_back_to_back():
    events = typed("hi", [200], enter=False) + typed(TOKEN, [5], start=2000)
    scans, passed = run(KeyboardWedge(), events)
    assert scans == [TOKEN] and passed == ["h", "i"]
