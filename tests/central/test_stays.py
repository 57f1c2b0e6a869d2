"""A multi-day stay recorded as a check-in and, days later, its check-out counts every day in between
for the long-stay mark (II-4-5), on the real central (SQLite and PostgreSQL) through the signed
records a station sends. The §4 answer's shape stays; only what it counts changes."""

from __future__ import annotations

import json

from central import admin
from tests.central.conftest import LG
from tests.central.station_sim import StationSim
from tests.central.test_sync_api import eligibility

SUB = "person0001"


def _id(record: dict) -> str:
    return json.loads(record["payload"])["id"]


def _checkout(station: StationSim, checkin: dict, at: str, day: str = "2026-12-01") -> dict:
    return station.record(activity="snow-1", day=day, person=f"card:{SUB}", record_type="checkout",
                          extra={"ref": _id(checkin), "at": at})


def _judged(central, station) -> dict:
    answer = eligibility(central, station, person=SUB, lg=LG, as_of="2026-12-31")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"target", "eligible", "count", "required", "renewal", "expires", "stay_days",
                         "long_stay", "reasons", "server_time"}
    return body


def _eligible_otherwise(central, station) -> None:
    """The person, and two other activities, so that the stay decides only the long-stay mark."""
    with central.engine.begin() as conn:
        admin.upsert_person(conn, SUB, residence="131016", mynumber_verified=True)
        admin.upsert_activity(conn, id="festa-1", title="祭り", kind="designated_project", venue=LG,
                              start="2026-08-01T08:00", end="2026-08-01T20:00")
    for activity, day in (("grass-1", "2026-07-01"), ("festa-1", "2026-08-01")):
        assert central.send(station, [station.record(activity=activity, day=day, person=f"card:{SUB}")])[0][
            "status"] == "accepted"


def test_the_days_between_check_in_and_check_out_count_for_the_long_stay(central):
    station = StationSim()
    central.enroll(station)
    _eligible_otherwise(central, station)
    checkin = station.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}")
    assert central.send(station, [checkin])[0]["status"] == "accepted"
    before = _judged(central, station)
    assert (before["eligible"], before["count"], before["stay_days"], before["long_stay"]) == (True, 3, 3, False)

    # Out on 12 December (Japan time): 1–12 December, twelve days at the venue (LG wants 10).
    out = _checkout(station, checkin, "2026-12-12T15:00:00+09:00")
    assert central.send(station, [out])[0]["status"] == "accepted"
    after = _judged(central, station)
    assert (after["eligible"], after["stay_days"], after["long_stay"]) == (True, 14, True)
    # Consecutive days of one activity are one attendance unless the LG counts them each (II-4-4).
    assert after["count"] == 3
    with central.engine.begin() as conn:
        admin.upsert_lg(conn, LG, long_stay_days=10, consecutive_each=True)
    assert _judged(central, station)["count"] == 14


def test_a_correction_keeps_the_stay_and_a_cancel_ends_it(central):
    station = StationSim()
    central.enroll(station)
    _eligible_otherwise(central, station)
    checkin = station.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}")
    out = _checkout(station, checkin, "2026-12-11T09:00:00+09:00")
    corrected = station.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}", record_type="correct",
                               extra={"ref": _id(checkin), "reason": "typo"})
    assert [r["status"] for r in central.send(station, [checkin, out, corrected])] == ["accepted"] * 3
    assert _judged(central, station)["stay_days"] == 2 + 11
    cancel = station.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}", record_type="cancel",
                            extra={"ref": _id(corrected), "reason": "not here"})
    assert central.send(station, [cancel])[0]["status"] == "accepted"
    assert _judged(central, station)["stay_days"] == 2


def test_check_outs_that_are_no_stay_change_nothing(central):
    station, other = StationSim(), StationSim()
    central.enroll(station)
    central.enroll(other)
    _eligible_otherwise(central, station)
    checkin = station.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}")
    assert central.send(station, [checkin])[0]["status"] == "accepted"
    for at in ("2026-12-01T18:00:00+09:00",  # the same day
               "2026-11-30T10:00:00+09:00",  # before the check-in
               "2026-11-30T23:30:00+00:00",  # 1 December in Japan: the same day
               "2028-12-01T10:00:00+09:00"):  # two years on: not a stay
        assert central.send(station, [_checkout(station, checkin, at)])[0]["status"] == "accepted"
    # Another station cannot end this station's stay (a check-out names a record of its own device).
    foreign = other.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}", record_type="checkout",
                           extra={"ref": _id(checkin), "at": "2026-12-15T10:00:00+09:00"})
    assert central.send(other, [foreign])[0]["status"] == "accepted"
    assert _judged(central, station)["stay_days"] == 3
