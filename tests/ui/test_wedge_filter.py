"""The wedge filter fed a keyboard's real stream: Shift presses around capitals, the keyboard's own
timestamps, CapsLock, full-width input, Tab or no suffix. (tests/x11/ drives the same through a
real X server; these run offscreen, in every environment.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.checkin_page import LATIN_FIELDS
from desktop.ui.wedge_filter import POLL_MS, WedgeFilter
from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, pause, wait_result

_SHIFTED_SYMBOLS = {"_": Qt.Key_Underscore, ":": Qt.Key_Colon, "?": Qt.Key_Question, "&": Qt.Key_Ampersand}
_SYMBOLS = {"-": Qt.Key_Minus, ".": Qt.Key_Period, "=": Qt.Key_Equal, "/": Qt.Key_Slash, "%": Qt.Key_Percent}


def _send(widget, kind, key, modifiers, text, stamp):
    event = QKeyEvent(kind, key, modifiers, text)
    event.setTimestamp(int(stamp))
    QApplication.sendEvent(widget, event)


def keyboard(widget, text: str, gap_ms: float, *, start: float = 1_000_000, suffix: str | None = "\r",
             capslock: bool = False) -> float:
    """Key events as a US keyboard sends them: Shift pressed and released around each capital and
    shifted symbol, each event stamped with the keyboard's time. With `capslock` the letters' case
    comes out inverted, as X does with CapsLock on. Returns the last timestamp."""
    t = start
    for ch in list(text) + ([suffix] if suffix else []):
        if ch == "\r":
            key, shifted, out = Qt.Key_Return, False, "\r"
        elif ch == "\t":
            key, shifted, out = Qt.Key_Tab, False, "\t"
        elif ch.isascii() and ch.isalpha():
            key, shifted = ord(ch.upper()), ch.isupper()
            out = ch.swapcase() if capslock else ch
        elif ch.isascii() and ch.isdigit():
            key, shifted, out = ord(ch), False, ch
        elif ch in _SHIFTED_SYMBOLS:
            key, shifted, out = _SHIFTED_SYMBOLS[ch], True, ch
        else:
            key, shifted, out = _SYMBOLS.get(ch, Qt.Key_unknown), False, ch
        mods = Qt.ShiftModifier if shifted else Qt.NoModifier
        if shifted:
            _send(widget, QEvent.KeyPress, Qt.Key_Shift, Qt.ShiftModifier, "", t)
        _send(widget, QEvent.KeyPress, key, mods, out, t + 1)
        _send(widget, QEvent.KeyRelease, key, mods, out, t + 2)
        if shifted:
            _send(widget, QEvent.KeyRelease, Qt.Key_Shift, Qt.NoModifier, "", t + 2)
        t += gap_ms
    return t


def _scan_page(qtbot, window):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.setFocus()
    return page


def test_a_gun_burst_with_shift_presses_and_enter_records(qtbot, window, card):
    page = _scan_page(qtbot, window)
    keyboard(page, card("sub-shift-01", "鈴木 一郎"), 4)
    assert wait_result(qtbot, window).outcome is Outcome.RECORDED


def test_a_gun_with_a_tab_suffix_records_and_moves_no_focus(qtbot, window, card):
    page = _scan_page(qtbot, window)
    keyboard(page, card("sub-tab-0001", "田中 二郎"), 4, suffix="\t")
    assert wait_result(qtbot, window).outcome is Outcome.RECORDED
    assert QApplication.focusWidget() is page


def test_a_gun_with_no_suffix_records_once_the_burst_goes_quiet(qtbot, window, card):
    page = _scan_page(qtbot, window)
    keyboard(page, card("sub-nosuffix1", "佐藤 三郎"), 4, suffix=None)
    assert page.panel.result is None  # it could still be going on
    assert wait_result(qtbot, window).outcome is Outcome.RECORDED


def test_a_gun_with_capslock_on_records_the_card_as_issued(qtbot, window, station, card):
    page = _scan_page(qtbot, window)
    token = card("sub-capslock1", "伊藤 四郎")
    keyboard(page, token, 4, capslock=True)
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.RECORDED
    assert station.ledger.details(result.record_id)["token"] == token


def test_a_us_gun_on_a_jis_keyboard_records(qtbot, window, card):
    page = _scan_page(qtbot, window)
    # A card with "_" in it (base64url has one in about half of them): the key JIS moves.
    token = next(t for t in (card(f"sub-jis-{n:04d}", "渡辺 五郎") for n in range(200)) if "_" in t)
    keyboard(page, token.replace("_", "="), 4)  # JIS reads the US gun's Shift+"-" as "="
    assert wait_result(qtbot, window).outcome is Outcome.RECORDED


def test_full_width_input_records(qtbot, window, card):
    page = _scan_page(qtbot, window)
    token = card("sub-fullwidth", "山本 六郎")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in token)
    keyboard(page, full_width, 4)
    assert wait_result(qtbot, window).outcome is Outcome.RECORDED


def test_a_person_typing_into_the_form_is_never_a_scan(qtbot, window, station, card):
    """A token-shaped text at 120 ms a key, even delivered all at once, stays the person's typing."""
    page = _scan_page(qtbot, window)
    page.show_manual_form()
    email = page.form.edits["email"]
    email.setFocus()
    text = card("sub-typed-by-hand", "小林 八郎")
    keyboard(email, text, 120, suffix=None)
    qtbot.waitUntil(lambda: email.text() == text, timeout=5000)
    pause(qtbot, 300)
    assert page.panel.result is None and page.in_flight == 0
    assert station.ledger.size() == 0


def test_input_methods_are_off_where_the_page_listens_for_guns(window):
    page = window.checkin
    for widget in (page, page.recent, *(page.form.edits[field] for field in LATIN_FIELDS)):
        assert not widget.testAttribute(Qt.WA_InputMethodEnabled), widget
    # Names are typed in Japanese: their input method stays.
    assert page.form.edits["name"].testAttribute(Qt.WA_InputMethodEnabled)


def test_silence_is_not_judged_right_after_the_event_loop_stalled(qtbot, qapp):
    now = [0.0]
    wedge_filter = WedgeFilter(clock_ms=lambda: now[0])
    scans = []
    wedge_filter.scanned.connect(scans.append)
    wedge_filter.set_active(True)
    try:
        from PySide6.QtWidgets import QWidget

        target = QWidget()
        text = "frr-enroll:1?server=http%3A%2F%2F127.0.0.1%3A8765&code=ABCD-EFGH-JKLM-NPQR"
        wedge_filter._on_poll()  # a first tick
        keyboard(target, text[:40], 4, suffix=None, start=5000)
        now[0] += 1000  # the GUI thread was stuck for a second; the rest of the burst is queued
        wedge_filter._on_poll()
        assert scans == []  # not judged on this tick
        keyboard(target, text[40:], 4, suffix=None, start=5000 + 40 * 4)
        now[0] += POLL_MS
        wedge_filter._on_poll()
        assert scans == []  # the burst just went on: not quiet yet
        now[0] += 200
        wedge_filter._on_poll()
        now[0] += POLL_MS
        wedge_filter._on_poll()
        assert scans == [text]
    finally:
        wedge_filter.set_active(False)
