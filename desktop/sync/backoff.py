"""Exponential backoff with full jitter for transient failures (network, timeouts, 429, 5xx).

Hand-written rather than urllib3's `Retry`: a cut response *body* (after the headers arrived)
is outside what `Retry` retries, and the outbox needs to retry whole exchanges anyway.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from desktop.sync.errors import SyncError

T = TypeVar("T")


@dataclass
class Backoff:
    attempts: int = 5          # tries in all, the first one included
    base: float = 0.5          # seconds before the second try (before jitter)
    cap: float = 30.0          # no single wait longer than this
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Wait before retry `retry_number` (1-based): uniform in [0, min(cap, base·2^(n-1))]."""
        ceiling = min(self.cap, self.base * (2 ** (retry_number - 1)))
        wait = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap))
        return wait

    def run(self, fn: Callable[[], T]) -> T:
        """Call `fn` until it succeeds, raises something not retryable, or attempts run out."""
        for attempt in range(1, self.attempts + 1):
            try:
                return fn()
            except SyncError as exc:
                if not exc.retryable or attempt == self.attempts:
                    raise
                self.sleep(self.delay(attempt, exc.retry_after))
        raise AssertionError("unreachable")  # pragma: no cover


NO_WAIT = Backoff(attempts=1, base=0.0)
