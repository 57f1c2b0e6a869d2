"""Tell a keyboard-wedge scanner gun from a person by the rhythm of the keys.

A gun types the whole token in one burst, a few ms per key, and ends it with Enter, Tab or nothing
(as the gun is set); a person types slower and unevenly, and only in short fast runs. Keys are held
back while they could still be a scan and handed back for the focused widget as soon as they cannot.

Only characters and the suffix keys are fed: modifier presses (the Shift a gun sends around every
capital) carry no character and are none of this class's business. Timestamps should be the
keyboard's own (the X server's event time), so that a machine too busy to read its input queue for
a moment does not see a gun's burst as slow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.scanner.wedge_readings import looks_like_scan

ENTER = "\r"
TAB = "\t"
SUFFIXES = {ENTER: "enter", "\n": "enter", TAB: "tab"}
# A gun burst longer than this is no QR code of ours: hand it back rather than hold it forever.
MAX_BURST = 4096


@dataclass
class WedgeResult:
    scanned: str | None = None  # a complete scan, suffix stripped
    suffix: str | None = None  # "enter", "tab" or None (the burst ended by silence)
    passthrough: list[str] = field(default_factory=list)  # keys that belong to the person, in order


class KeyboardWedge:
    """Feed characters and suffix keys as `feed(timestamp_ms, key)`; call `poll(now_ms)` (same clock)
    or `silence()` (the caller saw the keyboard go quiet) from a UI timer.

    A burst is a scan when it has at least `min_length` characters, is not one key held down, and its
    gaps are fast (≤ `fast_gap_ms`) but for a few hiccups — a USB or Bluetooth gun stalls now and then,
    anywhere in the burst, even after its first key: `slow_gaps_allowed` plus one per ten keys, never
    two in a row (a person's keys come slow after slow), none longer than `max_gap_ms`. It ends with
    Enter or Tab — or, when it went quiet with no suffix, only if it also has the shape of something
    we issue (`looks_like`), since silence is what a person leaves too.
    """

    def __init__(self, *, min_length: int = 20, fast_gap_ms: float = 40.0, max_gap_ms: float = 150.0,
                 slow_gaps_allowed: int = 2, looks_like: Callable[[str], bool] = looks_like_scan):
        self.min_length = min_length
        self.fast_gap_ms = fast_gap_ms
        self.max_gap_ms = max_gap_ms
        self.slow_gaps_allowed = slow_gaps_allowed
        self.looks_like = looks_like
        self._keys: list[str] = []
        self._last_ms: float | None = None
        self._slow_gaps = 0
        self._last_gap_slow = False

    @property
    def holding(self) -> int:
        """How many keys are held back, waiting for the burst to be decided."""
        return len(self._keys)

    def feed(self, timestamp_ms: float, key: str) -> WedgeResult:
        result = WedgeResult()
        if self._keys and self._last_ms is not None:
            gap = timestamp_ms - self._last_ms
            if gap < 0 or gap > self.max_gap_ms:  # < 0: a clock that jumped; nothing to judge by
                result.passthrough += self._release()
            elif gap > self.fast_gap_ms:
                if self._last_gap_slow or self._slow_gaps >= self._hiccups_allowed():
                    result.passthrough += self._release()
                else:
                    self._slow_gaps += 1
                    self._last_gap_slow = True
            else:
                self._last_gap_slow = False
        self._last_ms = timestamp_ms
        if key in SUFFIXES:
            if self._is_scan():
                result.scanned, result.suffix = "".join(self._keys), SUFFIXES[key]
                self._clear()
            else:
                result.passthrough += self._release() + [key]
            return result
        if len(self._keys) >= MAX_BURST:
            result.passthrough += self._release()
        self._keys.append(key)
        return result

    def poll(self, now_ms: float) -> WedgeResult:
        """The burst's fate once it has been quiet for longer than `max_gap_ms` (nothing otherwise)."""
        if self._keys and self._last_ms is not None and now_ms - self._last_ms > self.max_gap_ms:
            return self.silence()
        return WedgeResult()

    def silence(self) -> WedgeResult:
        """No key came for a while: a burst with no suffix is a scan if it is shaped like one."""
        if not self._keys:
            return WedgeResult()
        text = "".join(self._keys)
        if self._is_scan() and self.looks_like(text):
            self._clear()
            return WedgeResult(scanned=text)
        return WedgeResult(passthrough=self._release())

    def interrupt(self) -> list[str]:
        """A key that is no part of any scan (an arrow, Backspace, Ctrl+…): held keys are the person's."""
        return self._release()

    def _hiccups_allowed(self) -> int:
        # So a person's keys wait for their next keystroke: a pause after a gun's first key looks the
        # same as a person's, until the keys after it come fast (a gun) or slow again (a person).
        return self.slow_gaps_allowed + len(self._keys) // 10

    def _is_scan(self) -> bool:
        return len(self._keys) >= self.min_length and len(set(self._keys)) > 1  # one key held ≠ a scan

    def _release(self) -> list[str]:
        keys = self._keys
        self._clear()
        return keys

    def _clear(self) -> None:
        self._keys = []
        self._slow_gaps = 0
        self._last_gap_slow = False
