"""The check-in page's count and recent list, kept from results, equal a fresh read at every step."""

from __future__ import annotations

import random
from datetime import timedelta

from desktop.checkin import CheckinService
from desktop.checkin_tally import RecentEntry, TodayTally
from desktop.store.attendance_view import AttendanceView
from furusato.card_token import issue_card
from furusato.outcomes import Outcome
from tests.store.conftest import NOW
from tests.store.records import manual

ACTIVITY = "demo-yukioroshi"  # runs over several days: checkouts apply
SIZE = 6


def _fresh(view, day) -> tuple[int, list[RecentEntry]]:
    tally = TodayTally(view, SIZE)
    tally.load(ACTIVITY, day.isoformat())
    return tally.count, tally.recent


def test_scans_cancels_corrections_and_checkouts_keep_the_tally_equal_to_a_reread(station, platform_key):
    view = AttendanceView(station.engine, station.ledger)
    service = CheckinService(station)
    day = NOW.date()
    tally = TodayTally(view, SIZE)
    tally.load(ACTIVITY, day.isoformat())
    assert (tally.count, tally.recent) == (0, [])
    rng = random.Random(16)
    clock = NOW.replace(hour=6)
    active: list[str] = []
    steps = {"scan": 0, "duplicate": 0, "cancel": 0, "correct": 0, "checkout": 0, "elsewhere": 0}

    def card(n: int, name: str | None) -> str:
        return issue_card(platform_key, iss="https://platform.test", sub=f"tally-{n:04d}", name=name,
                          iat=int(NOW.replace(hour=5).timestamp()), days=30)

    for step in range(120):
        clock += timedelta(seconds=rng.randint(1, 90))
        roll = rng.random()
        if roll < 0.55 or len(active) < 3:
            n = step
            if rng.random() < 0.2:
                result = service.check_in_manual(ACTIVITY, manual(f"手書 {n}号", birth="1990-05-05"), at=clock)
            else:
                result = service.check_in_token(ACTIVITY, card(n, f"参加者 {n}" if n % 7 else None), at=clock)
            assert result.outcome is Outcome.RECORDED, result
            assert tally.recorded(result.record_id, result.activity_id, result.at, result.display_name,
                                  result.person_key)
            active.append(result.record_id)
            steps["scan"] += 1
        elif roll < 0.62:
            again = service.check_in_token(ACTIVITY, card(int(rng.choice(range(step))), "誰か"), at=clock)
            steps["duplicate" if again.outcome is Outcome.DUPLICATE else "scan"] += 1
            if again.outcome is Outcome.RECORDED:  # that subject had only written forms so far
                tally.recorded(again.record_id, again.activity_id, again.at, again.display_name, again.person_key)
                active.append(again.record_id)
        elif roll < 0.75:
            # Often one of the latest (in the list), sometimes an old one (not shown).
            target = active[-rng.randint(1, 3)] if rng.random() < 0.6 else rng.choice(active)
            row = view.row(target)
            station.ledger.cancel(target, reason="二重受付", at=clock)
            assert tally.cancelled(row)
            active.remove(target)
            steps["cancel"] += 1
        elif roll < 0.87:
            target = active[-rng.randint(1, 3)] if rng.random() < 0.6 else rng.choice(active)
            row = view.row(target)
            new_name = f"訂正 {step}"
            appended = station.ledger.correct(target, person_key=f"card:corrected-{step}",
                                              details={"name": new_name}, reason="氏名の誤り", at=clock)
            assert tally.corrected(row, appended.record_id, new_name)
            active[active.index(target)] = appended.record_id
            steps["correct"] += 1
        elif roll < 0.95:
            target = rng.choice(active[-SIZE:])
            if view.row(target).exit_at is None:
                station.ledger.check_out(target, at=clock)
                assert tally.checked_out(target, clock)
                steps["checkout"] += 1
        else:
            # Another activity, and yesterday's board: not this tally's business.
            other = service.check_in_token("demo-jichikai", card(1000 + step, "別の活動"), at=clock)
            assert other.outcome is Outcome.RECORDED
            assert not tally.recorded(other.record_id, other.activity_id, other.at, other.display_name,
                                      other.person_key)
            assert not tally.recorded("x", ACTIVITY, clock - timedelta(days=1), "昨日", "card:y")
            steps["elsewhere"] += 1
        assert (tally.count, tally.recent) == _fresh(view, day), (step, steps)
    assert all(steps.values()), steps
    assert tally.count == len(active) and len(tally.recent) == SIZE


def test_a_check_in_older_than_the_list_counts_but_is_not_shown(station):
    view = AttendanceView(station.engine, station.ledger)
    tally = TodayTally(view, 3)
    tally.load(ACTIVITY, NOW.date().isoformat())
    late = NOW.replace(hour=15)
    for n in range(3):
        appended = station.ledger.check_in(activity_id=ACTIVITY, day=NOW.date(), at=late + timedelta(minutes=n),
                                           person_key=f"card:late-{n}", details={"name": f"遅 {n}"})
        tally.recorded(appended.record_id, ACTIVITY, late + timedelta(minutes=n), f"遅 {n}", f"card:late-{n}")
    early = NOW.replace(hour=7)  # typed in afterwards with the time it really happened
    appended = station.ledger.check_in(activity_id=ACTIVITY, day=NOW.date(), at=early, person_key="card:early",
                                       details={"name": "早"})
    assert tally.recorded(appended.record_id, ACTIVITY, early, "早", "card:early")
    fresh = TodayTally(view, 3)
    fresh.load(ACTIVITY, NOW.date().isoformat())
    assert (tally.count, tally.recent) == (fresh.count, fresh.recent) and tally.count == 4
    assert [e.name for e in tally.recent] == ["遅 2", "遅 1", "遅 0"]
