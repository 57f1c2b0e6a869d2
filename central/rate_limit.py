"""A per-key sliding window: at most `limit` events in `seconds`, in this process.

Enough for the reference server's per-card limit on self check-ins (a phone retrying in a loop, a
script replaying one card); a deployment with several workers multiplies the limit by their number,
which docs/API.md says.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    def __init__(self, limit: int, seconds: float, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000):
        self.limit, self.seconds, self._clock, self._max_keys = limit, seconds, clock, max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            events = self._events.get(key)
            if events is None:
                if len(self._events) >= self._max_keys:
                    self._forget_idle(now)
                events = self._events[key] = deque()
            while events and now - events[0] >= self.seconds:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, ev in self._events.items() if not ev or now - ev[-1] >= self.seconds]
        for key in idle:
            del self._events[key]
        if len(self._events) >= self._max_keys:  # all busy: an attack, not phones; start afresh
            self._events.clear()
