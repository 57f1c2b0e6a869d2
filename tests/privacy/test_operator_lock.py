import pytest

from desktop.privacy.operator_lock import LockState, OperatorSession, TooManyAttempts, UnlockThrottle


class Clock:
    def __init__(self, t=1_000_000.0):
        self.t = t

    def __call__(self):
        return self.t

    def advance(self, seconds):
        self.t += seconds


class Wrong(Exception):
    pass


def _wrong():
    raise Wrong()


def _try(throttle, ok=False):
    return throttle.attempt((lambda: "key") if ok else _wrong, is_wrong=lambda e: isinstance(e, Wrong))


def test_free_attempts_then_doubling_delays(tmp_path):
    clock = Clock()
    throttle = UnlockThrottle.for_data_dir(tmp_path, free_attempts=3, base_delay=2, max_delay=60, clock=clock)
    for _ in range(3):
        with pytest.raises(Wrong):
            _try(throttle)
    assert throttle.retry_after() == 0
    with pytest.raises(Wrong):
        _try(throttle)  # 4th failure: 2 s
    assert throttle.retry_after() == 2
    with pytest.raises(TooManyAttempts) as info:
        _try(throttle, ok=True)  # refused before the passphrase is even checked
    assert info.value.retry_after == 2
    clock.advance(2)
    with pytest.raises(Wrong):
        _try(throttle)  # 5th: 4 s
    assert throttle.retry_after() == 4
    assert [throttle.delay_after(n) for n in range(3, 11)] == [0, 2, 4, 8, 16, 32, 60, 60]


def test_state_survives_a_restart(tmp_path):
    clock = Clock()
    first = UnlockThrottle.for_data_dir(tmp_path, free_attempts=1, base_delay=10, clock=clock)
    for _ in range(3):
        with pytest.raises(Wrong):
            _try(first)
        clock.advance(first.retry_after())
    first.record_failure()
    restarted = UnlockThrottle.for_data_dir(tmp_path, free_attempts=1, base_delay=10, clock=clock)
    assert restarted.state.failures == 4
    assert restarted.retry_after() == 40
    with pytest.raises(TooManyAttempts):
        _try(restarted, ok=True)
    clock.advance(40)
    assert _try(restarted, ok=True) == "key"
    assert UnlockThrottle.for_data_dir(tmp_path, clock=clock).state.failures == 0


def test_a_damaged_state_file_does_not_reset_the_count(tmp_path):
    clock = Clock()
    (tmp_path / "unlock_throttle.json").write_text("{nonsense")
    throttle = UnlockThrottle.for_data_dir(tmp_path, clock=clock)
    assert throttle.retry_after() > 0


def test_other_errors_do_not_count(tmp_path):
    throttle = UnlockThrottle.for_data_dir(tmp_path, free_attempts=0)

    def broken():
        raise OSError("disk")

    with pytest.raises(OSError):
        throttle.attempt(broken, is_wrong=lambda e: isinstance(e, Wrong))
    assert throttle.state.failures == 0


def test_idle_lock_hides_details_but_keeps_scanning():
    clock = Clock()
    seen = []
    session = OperatorSession(idle_limit=300, clock=clock)
    session.listeners.append(seen.append)
    assert session.state is LockState.LOCKED and not session.details_visible and session.scanning_enabled
    session.unlocked()
    assert session.details_visible
    clock.advance(200)
    session.operator_activity()
    clock.advance(200)
    assert session.tick() is LockState.UNLOCKED and session.seconds_until_lock() == 100
    for _ in range(50):  # volunteers keep scanning: that is not the operator at the keyboard
        session.scan_activity()
        clock.advance(2)
    assert session.tick() is LockState.LOCKED
    assert not session.details_visible and session.scanning_enabled
    session.operator_activity()  # touching a locked window does not unlock it
    assert session.tick() is LockState.LOCKED
    assert seen == [LockState.UNLOCKED, LockState.LOCKED]


def test_manual_lock_and_validation():
    session = OperatorSession(idle_limit=60, clock=Clock())
    session.unlocked()
    session.lock()
    assert session.state is LockState.LOCKED and session.seconds_until_lock() == 0
    with pytest.raises(ValueError):
        OperatorSession(idle_limit=0)
