"""Tell a keyboard-wedge scanner gun from a person by the rhythm of the keys.

A gun types the whole token and Enter in one burst, a few ms per key; a person types slower and
unevenly, and only in short fast runs. Keys are held back while they could still be a scan and handed
back for the focused widget as soon as they cannot (or when `poll()` finds the burst has gone quiet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTER_KEYS = frozenset({"\r", "\n", "Enter", "Return"})


@dataclass
class WedgeResult:
    scanned: str | None = None  # a complete scan, Enter stripped
    passthrough: list[str] = field(default_factory=list)  # keys that belong to the person, in order


class KeyboardWedge:
    """Feed key presses as `feed(timestamp_ms, key_text)`; call `poll(now_ms)` from a UI timer.

    A burst is a scan when it ends in Enter, has at least `min_length` characters, and its gaps are
    fast (≤ `fast_gap_ms`) except for at most `slow_gaps_allowed` hiccups (a USB or Bluetooth gun
    stalls now and then), none longer than `max_gap_ms`.
    """

    def __init__(self, *, min_length: int = 20, fast_gap_ms: float = 30.0, max_gap_ms: float = 150.0,
                 slow_gaps_allowed: int = 1):
        self.min_length = min_length
        self.fast_gap_ms = fast_gap_ms
        self.max_gap_ms = max_gap_ms
        self.slow_gaps_allowed = slow_gaps_allowed
        self._keys: list[str] = []
        self._last_ms: float | None = None
        self._slow_gaps = 0

    def feed(self, timestamp_ms: float, key: str) -> WedgeResult:
        result = WedgeResult()
        if self._last_ms is not None and self._keys:
            gap = timestamp_ms - self._last_ms
            if gap > self.max_gap_ms:
                result.passthrough += self._release()
            elif gap > self.fast_gap_ms:
                self._slow_gaps += 1
                if self._slow_gaps > self.slow_gaps_allowed:
                    result.passthrough += self._release()
        self._last_ms = timestamp_ms
        if key in ENTER_KEYS:
            if len(self._keys) >= self.min_length:
                result.scanned = "".join(self._keys)
                self._clear()
            else:
                result.passthrough += self._release() + [key]
            return result
        self._keys.append(key)
        return result

    def poll(self, now_ms: float) -> list[str]:
        """Keys to hand to the widget because the burst went quiet without an Enter."""
        if self._keys and self._last_ms is not None and now_ms - self._last_ms > self.max_gap_ms:
            return self._release()
        return []

    def _release(self) -> list[str]:
        keys = self._keys
        self._clear()
        return keys

    def _clear(self) -> None:
        self._keys = []
        self._slow_gaps = 0
