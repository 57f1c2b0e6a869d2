"""When a decoded code becomes a scan: confirmed twice, then ignored while it stays in view."""

from __future__ import annotations


class Debouncer:
    """Feed every decode result as `feed(timestamp_s, text_or_None)`; it returns the text to act on.

    - A code is acted on once it has been read `confirmations` times, each read within `window_s`
      of the previous one and no other code read in between (a single misread never scans).
    - The same code then counts once while it stays in front of the lens: it is acted on again only
      after it has not been read for `holdoff_s`.
    - A different code is taken at once, after its own confirmation.
    """

    def __init__(self, *, confirmations: int = 2, window_s: float = 1.0, holdoff_s: float = 2.0):
        self.confirmations = confirmations
        self.window_s = window_s
        self.holdoff_s = holdoff_s
        self._candidate: str | None = None
        self._count = 0
        self._candidate_at = 0.0
        self._acted_last_seen: dict[str, float] = {}

    def feed(self, timestamp: float, text: str | None) -> str | None:
        self._forget_absent(timestamp)
        if text is None:
            return None
        if text in self._acted_last_seen:
            self._acted_last_seen[text] = timestamp
            return None
        if text == self._candidate and timestamp - self._candidate_at <= self.window_s:
            self._count += 1
        else:
            self._candidate, self._count = text, 1
        self._candidate_at = timestamp
        if self._count >= self.confirmations:
            self._candidate, self._count = None, 0
            self._acted_last_seen[text] = timestamp
            return text
        return None

    def _forget_absent(self, now: float) -> None:
        for text, seen in list(self._acted_last_seen.items()):
            if now - seen >= self.holdoff_s:
                del self._acted_last_seen[text]

    def reset(self) -> None:
        self._candidate, self._count = None, 0
        self._acted_last_seen.clear()
