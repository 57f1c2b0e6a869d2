"""Who may see personal details right now: throttled unlocking and the idle lock. Pure logic.

`UnlockThrottle` makes guessing the passphrase through the program slow: after `free_attempts`
wrong passphrases in a row each further failure doubles the wait (capped), and the count is kept in
a small file in the data folder so restarting the program does not reset it. (Guessing offline
against a copied key file is slowed by scrypt instead — see docs/SECURITY.md.)

`OperatorSession` is the window's lock as a state machine driven by an injected clock: UNLOCKED
until the operator has been idle for `idle_limit` seconds, then LOCKED. Locked hides personal
details but keeps the queue screen scanning — a volunteer's scan is not operator activity, so it
neither needs an unlock nor keeps the session open.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from furusato.keys import atomic_write

THROTTLE_FILE = "unlock_throttle.json"
T = TypeVar("T")


class TooManyAttempts(Exception):
    def __init__(self, retry_after: float):
        super().__init__(f"too many wrong passphrases; try again in {retry_after:.0f} s")
        self.retry_after = retry_after


@dataclass
class ThrottleState:
    failures: int = 0
    last_failure: float = 0.0  # wall-clock seconds (persisted, so survives restarts)


class UnlockThrottle:
    def __init__(
        self,
        state_file: Path | None,
        *,
        free_attempts: int = 3,
        base_delay: float = 2.0,
        max_delay: float = 15 * 60.0,
        clock: Callable[[], float] = time.time,
    ):
        self._file = Path(state_file) if state_file is not None else None
        self.free_attempts, self.base_delay, self.max_delay = free_attempts, base_delay, max_delay
        self._clock = clock
        self.state = self._load()

    @classmethod
    def for_data_dir(cls, root: Path, **kwargs) -> UnlockThrottle:
        return cls(Path(root) / THROTTLE_FILE, **kwargs)

    def _load(self) -> ThrottleState:
        if self._file is None or not self._file.exists():
            return ThrottleState()
        try:
            doc = json.loads(self._file.read_text("utf-8"))
            failures, last = int(doc["failures"]), float(doc["last_failure"])
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged file must not unlock the throttle: assume the worst recent history.
            return ThrottleState(failures=self.free_attempts + 10, last_failure=self._clock())
        return ThrottleState(max(0, failures), last)

    def _save(self) -> None:
        if self._file is not None:
            doc = {"failures": self.state.failures, "last_failure": self.state.last_failure}
            atomic_write(self._file, json.dumps(doc).encode("ascii"), 0o600)

    def delay_after(self, failures: int) -> float:
        excess = failures - self.free_attempts
        if excess <= 0:
            return 0.0
        return min(self.max_delay, self.base_delay * 2 ** min(excess - 1, 60))

    def retry_after(self) -> float:
        """Seconds until the next attempt is allowed (0 = now)."""
        wait = self.delay_after(self.state.failures)
        if wait == 0:
            return 0.0
        elapsed = self._clock() - self.state.last_failure
        if elapsed < 0:  # clock set back: do not let that shorten the wait, but do not wait forever
            elapsed = 0.0
        return max(0.0, wait - elapsed)

    def record_failure(self) -> float:
        self.state = ThrottleState(self.state.failures + 1, self._clock())
        self._save()
        return self.retry_after()

    def record_success(self) -> None:
        if self.state.failures:
            self.state = ThrottleState()
            self._save()

    def attempt(self, check: Callable[[], T], *, is_wrong: Callable[[BaseException], bool]) -> T:
        """Run `check` (e.g. `lambda: key_store.unlock(root, pw)`) unless throttled.

        Raises TooManyAttempts without running it while a wait is pending; a failure for which
        `is_wrong(exc)` is true counts and is re-raised; success resets the count."""
        remaining = self.retry_after()
        if remaining > 0:
            raise TooManyAttempts(remaining)
        try:
            result = check()
        except BaseException as exc:
            if is_wrong(exc):
                self.record_failure()
            raise
        self.record_success()
        return result


class LockState(enum.StrEnum):
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class OperatorSession:
    """The window's privacy lock. Call `operator_activity()` on operator input, `tick()` from a timer."""

    def __init__(self, idle_limit: float = 5 * 60.0, *, clock: Callable[[], float] = time.monotonic):
        if idle_limit <= 0:
            raise ValueError("idle_limit must be positive")
        self.idle_limit = idle_limit
        self._clock = clock
        self.state = LockState.LOCKED
        self._last_activity = clock()
        self.listeners: list[Callable[[LockState], None]] = []

    # --- transitions ---
    def unlocked(self) -> None:
        """The operator has just proved the passphrase (through UnlockThrottle)."""
        self._last_activity = self._clock()
        self._set(LockState.UNLOCKED)

    def lock(self) -> None:
        """Lock now (button, shortcut, lid closed, screen saver)."""
        self._set(LockState.LOCKED)

    def operator_activity(self) -> None:
        if self.state is LockState.UNLOCKED:
            self._last_activity = self._clock()

    def scan_activity(self) -> None:
        """A volunteer scanned a card: recorded, but it does not keep the operator's session open."""

    def tick(self) -> LockState:
        if self.state is LockState.UNLOCKED and self.idle_seconds() >= self.idle_limit:
            self._set(LockState.LOCKED)
        return self.state

    # --- queries ---
    def idle_seconds(self) -> float:
        return max(0.0, self._clock() - self._last_activity)

    def seconds_until_lock(self) -> float:
        return 0.0 if self.state is LockState.LOCKED else max(0.0, self.idle_limit - self.idle_seconds())

    @property
    def details_visible(self) -> bool:
        return self.state is LockState.UNLOCKED

    @property
    def scanning_enabled(self) -> bool:
        return True  # the queue screen keeps recording check-ins while locked; it shows no details

    def _set(self, new: LockState) -> None:
        if new is not self.state:
            self.state = new
            for listener in list(self.listeners):
                listener(new)
