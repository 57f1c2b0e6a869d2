"""A participant's progress from the station's own records: real station, real cards, real engine.

Check-ins go through CheckinService with cards signed by a trusted platform key; the figure comes
from `desktop.progress.station_progress`, which hands the station's rows to furusato.eligibility.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop import paths
from desktop.checkin import CheckinService
from desktop.progress import STATION, attendance_rows, count_progress, is_card, station_progress
from desktop.station import Station
from furusato.activity import JST, Activity, ActivityKind
from furusato.card_token import issue_card
from furusato.eligibility import evaluate_json
from furusato.keys import KeySet, generate_key, save_jwks
from furusato.outcomes import Outcome
from tests.store.records import manual

NOW = datetime(2027, 6, 20, 10, 0, tzinfo=JST)
TODAY = NOW.date()
TOKAMACHI, OJIYA, NIIGATA = "152102", "152081", "150002"  # the station's city, a neighbour, the prefecture


def _activity(id_: str, venue: str, first_day_back: int) -> Activity:
    return Activity(
        id=id_, title=id_, kind=ActivityKind.DESIGNATED_PROJECT, designating_lg=venue, venue_lg=venue,
        starts_at=NOW - timedelta(days=first_day_back, hours=4), ends_at=NOW + timedelta(hours=8),
    )


@pytest.fixture
def platform_key():
    return generate_key()


@pytest.fixture
def station(tmp_path, platform_key):
    save_jwks(paths.trusted_keys_file(tmp_path), KeySet.of(platform_key).to_jwks())
    opened = Station.open(tmp_path, now=NOW)  # the demo seed makes 十日町市 the station's local government
    for activity in (_activity("snow", TOKAMACHI, 400), _activity("grass", TOKAMACHI, 400),
                     _activity("ojiya", OJIYA, 400), _activity("pref", NIIGATA, 400)):
        opened.activities.upsert(activity)
    yield opened
    opened.close()


@pytest.fixture
def scan(station, platform_key):
    """scan(activity, days_back, sub) → the outcome of a card check-in that many days before NOW."""
    service = CheckinService(station)

    def run(activity: str, days_back: int, sub: str = "volunteer-0001"):
        at = NOW - timedelta(days=days_back)
        token = issue_card(platform_key, iss="https://platform.test", sub=sub, name="山田 太郎",
                           iat=int(at.timestamp()) - 3600, days=30)
        return service.check_in_token(activity, token, at)

    return run


def test_counts_visits_for_the_stations_local_government_with_the_engine(station, scan):
    assert station.local_government == TOKAMACHI
    for activity, days_back in (("snow", 200), ("snow", 100), ("snow", 99), ("grass", 99), ("ojiya", 50)):
        assert scan(activity, days_back).outcome is Outcome.RECORDED
    progress = station_progress(station, "card:volunteer-0001", TODAY)
    # snow 200 days back; snow 100 and 99 days back are one run (counts once); grass 99 days back is
    # another activity that day (counts); 小千谷市 is not 十日町市.
    assert (progress.count, progress.required) == (3, 3)
    assert progress.source == STATION and not progress.required_known and progress.reached
    assert (progress.person, progress.lg, progress.as_of) == ("card:volunteer-0001", TOKAMACHI, TODAY)


def test_the_figure_is_the_engines_on_the_same_case(station, scan):
    for activity, days_back in (("snow", 300), ("snow", 1), ("snow", 0), ("pref", 5), ("ojiya", 7)):
        scan(activity, days_back)
    rows = attendance_rows(station.engine, "card:volunteer-0001", TODAY)
    assert len(rows) == 5
    case = {"as_of": TODAY.isoformat(), "target": TOKAMACHI, "attendance": rows,
            "person": {"residence": "131016", "mynumber_verified": True, "minor": False}}
    assert station_progress(station, "card:volunteer-0001", TODAY).count == evaluate_json(case)["count"] == 2


def test_today_counts_right_after_the_check_in_and_a_duplicate_changes_nothing(station, scan):
    scan("snow", 30)
    assert station_progress(station, "card:volunteer-0001", TODAY).count == 1
    assert scan("grass", 0).outcome is Outcome.RECORDED
    assert station_progress(station, "card:volunteer-0001", TODAY).count == 2
    again = scan("grass", 0)
    assert again.outcome is Outcome.DUPLICATE and again.person_key == "card:volunteer-0001"
    assert station_progress(station, again.person_key, TODAY).count == 2


def test_the_window_is_twelve_months_ending_today(station, scan):
    scan("snow", 366)  # 2026-06-19: outside the window
    scan("snow", 364)  # 2026-06-21: the window's first day
    scan("snow", 180)
    assert station_progress(station, "card:volunteer-0001", TODAY).count == 2
    # A day later the first of them has left the window.
    assert station_progress(station, "card:volunteer-0001", TODAY + timedelta(days=1)).count == 1


def test_cancelled_check_ins_do_not_count_and_other_people_are_apart(station, scan):
    kept = scan("snow", 40)
    dropped = scan("snow", 20)
    scan("snow", 10, sub="someone-else-02")
    station.ledger.cancel(dropped.record_id, reason="wrong person", at=NOW)
    assert kept.outcome is Outcome.RECORDED
    assert station_progress(station, "card:volunteer-0001", TODAY).count == 1
    assert station_progress(station, "card:someone-else-02", TODAY).count == 1
    assert station_progress(station, "card:never-came-03", TODAY).count == 0


def test_a_prefecture_station_counts_every_venue_in_the_prefecture(station, scan):
    station.meta.set("local_government", NIIGATA)
    for activity, days_back in (("snow", 100), ("ojiya", 60), ("pref", 30)):
        scan(activity, days_back)
    assert station_progress(station, "card:volunteer-0001", TODAY).count == 3


def test_hand_recorded_people_are_counted_under_their_station_pseudonym(station):
    service = CheckinService(station)
    first = service.check_in_manual("snow", manual(), NOW - timedelta(days=50))
    second = service.check_in_manual("grass", manual(name="山田　太郎"), NOW)  # same person, other spacing
    assert first.person_key == second.person_key and first.person_key.startswith("manual:")
    assert not is_card(first.person_key)
    assert station_progress(station, second.person_key, TODAY).count == 2


def test_no_figure_when_a_venue_cannot_be_placed(station, scan):
    scan("snow", 3)
    bad = _activity("nowhere", "999999", 10)
    station.activities.upsert(bad)  # a venue the master does not know cannot be counted
    scan("nowhere", 1)
    assert station_progress(station, "card:volunteer-0001", TODAY) is None
    assert count_progress([], "card:x", TOKAMACHI, TODAY).count == 0


def test_no_figure_on_a_station_without_a_local_government(tmp_path):
    opened = Station.open(tmp_path / "bare", now=NOW, seed_demo=False)
    try:
        assert opened.local_government is None
        assert station_progress(opened, "card:volunteer-0001", TODAY) is None
    finally:
        opened.close()



def test_attendance_at_a_proposed_activity_waits_and_at_a_refused_one_never_counts(station, scan):
    from dataclasses import replace

    proposed = replace(_activity("meeting", TOKAMACHI, 400), status="proposed", source="station")
    refused = replace(_activity("teaparty", TOKAMACHI, 400), status="refused", source="station")
    station.activities.upsert(proposed)
    station.activities.upsert(refused)
    for activity, days_back in (("snow", 30), ("meeting", 20), ("teaparty", 10)):
        assert scan(activity, days_back).outcome is Outcome.RECORDED
    progress = station_progress(station, "card:volunteer-0001", TODAY)
    assert (progress.count, progress.waiting) == (1, 1)
    station.activities.upsert(replace(proposed, status="designated"))
    progress = station_progress(station, "card:volunteer-0001", TODAY)
    assert (progress.count, progress.waiting) == (2, 0)
