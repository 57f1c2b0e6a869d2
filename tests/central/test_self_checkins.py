"""The participant's phone path (II-4-2): `POST /v1/self-checkins` and `furusato-central self-checkin`
against the real central on loopback, with real activity codes signed by an enrolled station's key and
real cards signed by the platform key."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from central import admin, platform_keys
from central.person_eligibility import eligibility
from central.platform_keys import PLATFORM_ID
from central.store.tables import self_checkins
from furusato.activity import JST
from furusato.activity_token import issue_activity_code
from furusato.card_token import issue_card
from furusato.keys import SigningKey
from tests.central.conftest import LG
from tests.central.station_sim import StationSim

SUB = "phone-person-0001"


@pytest.fixture
def now():
    return datetime.now(JST).replace(microsecond=0)


@pytest.fixture
def site(central, now):
    """An enrolled station and an activity open now (the tests never depend on today's date)."""
    station = StationSim()
    central.enroll(station)
    with central.engine.begin() as conn:
        admin.upsert_activity(conn, id="beach-1", title="海岸清掃", kind="designated_project", venue=LG,
                              start=(now - timedelta(hours=2)).isoformat(), end=(now + timedelta(hours=6)).isoformat())
        admin.upsert_person(conn, SUB, residence="131016", mynumber_verified=True)
    return station


def activity_code(station, now, *, activity="beach-1", key=None, nbf=None, exp=None, device_id=None):
    return issue_activity_code(
        key or station.key, device_id=device_id or station.device_id, activity_id=activity, lg=LG, title="海岸清掃",
        nbf=int(nbf if nbf is not None else (now - timedelta(hours=2)).timestamp()),
        exp=int(exp if exp is not None else (now + timedelta(hours=6)).timestamp()),
    )


def card(central, now, sub=SUB, key=None):
    if key is None:
        with central.engine.begin() as conn:
            key = platform_keys.active_key(conn)
    return issue_card(key, iss=PLATFORM_ID, sub=sub, name="海野 波子", iat=int(now.timestamp()) - 3 * 86400, days=30)


def post(central, card_token, activity_token, at=None):
    body = {"card": card_token, "activity": activity_token, **({"at": at} if at else {})}
    answer = central.http.post("/v1/self-checkins", json=body)
    return answer.status_code, answer.json()


def count(central, sub=SUB):
    with central.engine.connect() as conn:
        return eligibility(conn, f"card:{sub}", LG)["count"]


def test_recorded_then_duplicate_and_counted_once_with_a_station_record(central, site, now):
    code, answer = post(central, card(central, now), activity_code(site, now))
    assert code == 200 and answer["outcome"] == "recorded", answer
    assert (answer["activity"], answer["day"]) == ("beach-1", now.date().isoformat())
    assert post(central, card(central, now), activity_code(site, now))[1]["outcome"] == "duplicate"
    assert count(central) == 1
    # The station records the same person at the same activity that day: still one attendance.
    record = site.record(activity="beach-1", day=now.date().isoformat(), person=f"card:{SUB}")
    assert [r["status"] for r in central.send(site, [record])] == ["accepted"]
    assert count(central) == 1


def test_a_station_record_first_makes_the_phone_answer_duplicate(central, site, now):
    record = site.record(activity="beach-1", day=now.date().isoformat(), person=f"card:{SUB}")
    central.send(site, [record])
    assert post(central, card(central, now), activity_code(site, now))[1]["outcome"] == "duplicate"
    assert count(central) == 1


def test_a_phone_that_was_offline_sends_later_with_its_own_time(central, site, now):
    yesterday = now - timedelta(days=1)
    with central.engine.begin() as conn:
        admin.upsert_activity(conn, id="beach-0", title="海岸清掃", kind="designated_project", venue=LG,
                              start=(yesterday - timedelta(hours=1)).isoformat(),
                              end=(yesterday + timedelta(hours=1)).isoformat())
    token = activity_code(site, now, activity="beach-0", nbf=(yesterday - timedelta(hours=1)).timestamp(),
                          exp=(yesterday + timedelta(hours=1)).timestamp())
    code, answer = post(central, card(central, now), token, at=yesterday.isoformat())
    assert answer["outcome"] == "recorded" and answer["day"] == yesterday.date().isoformat()
    # The same code sent with the central's time: the activity is over.
    assert post(central, card(central, now), token)[1]["outcome"] == "expired"


def test_refusals_name_the_token_that_failed(central, site, now):
    good_card, good_code = card(central, now), activity_code(site, now)
    head, payload, sig = good_code.split(".")
    tampered = f"{head}.{payload}.{sig[:-4]}{'AAAA' if sig[-4:] != 'AAAA' else 'BBBB'}"
    stranger = StationSim()  # a station the central never enrolled
    cases = {
        "tampered": (good_card, tampered, "bad_signature", "activity"),
        "unknown device": (good_card, activity_code(stranger, now), "unknown_key", "activity"),
        "another key for the device": (good_card, activity_code(site, now, key=SigningKey.generate()), "unknown_key",
                                       "activity"),
        "expired": (good_card, activity_code(site, now, nbf=(now - timedelta(days=2)).timestamp(),
                                             exp=(now - timedelta(days=1)).timestamp()), "expired", "activity"),
        "not yet": (good_card, activity_code(site, now, nbf=(now + timedelta(days=1)).timestamp(),
                                             exp=(now + timedelta(days=2)).timestamp()), "not_yet_valid", "activity"),
        "a card as the activity": (good_card, good_card, "wrong_type", "activity"),
        "garbage": (good_card, "not-a-token", "unreadable", "activity"),
        "forged card": (card(central, now, key=SigningKey.generate()), good_code, "unknown_key", "card"),
        "activity code as the card": (good_code, good_code, "wrong_type", "card"),
    }
    for name, (card_token, code_token, outcome, which) in cases.items():
        code, answer = post(central, card_token, code_token)
        assert code == 200, (name, answer)
        assert (answer["outcome"], answer.get("token")) == (outcome, which), name
    with central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(self_checkins)).scalar_one() == 0
    assert count(central) == 0


def test_a_revoked_card_and_a_revoked_station_are_refused(central, site, now):
    with central.engine.begin() as conn:
        admin.revoke_card(conn, SUB)
    assert post(central, card(central, now), activity_code(site, now))[1]["outcome"] == "revoked"
    with central.engine.begin() as conn:
        admin.revoke_device(conn, site.device_id)
    other = card(central, now, sub="phone-person-0002")
    assert post(central, other, activity_code(site, now))[1]["outcome"] == "unknown_key"


def test_an_activity_outside_its_catalogue_window_is_not_open(central, site, now):
    with central.engine.begin() as conn:
        admin.upsert_activity(conn, id="beach-1", title="海岸清掃", kind="designated_project", venue=LG,
                              start=(now + timedelta(hours=2)).isoformat(), end=(now + timedelta(hours=6)).isoformat())
    assert post(central, card(central, now), activity_code(site, now))[1]["outcome"] == "activity_not_open"


def test_an_activity_the_central_does_not_know_yet_is_kept_flagged(central, site, now):
    code, answer = post(central, card(central, now), activity_code(site, now, activity="st-not-synced-yet"))
    assert (answer["outcome"], answer["flags"]) == ("recorded", ["unknown_activity"])
    assert count(central) == 0  # not in the catalogue: it cannot be placed


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01T00:00", "9999-12-31T23:59:59", "far future"])
def test_a_bad_or_unbounded_phone_time_is_invalid_input(central, site, now, at):
    if at == "far future":
        at = (now + timedelta(hours=1)).isoformat()
    answer = post(central, card(central, now), activity_code(site, now), at=at)[1]
    assert (answer["outcome"], answer["fields"]) == ("invalid_input", ["at"])


def test_a_month_old_phone_time_is_refused(central, site, now):
    answer = post(central, card(central, now), activity_code(site, now), at=(now - timedelta(days=30)).isoformat())[1]
    assert (answer["outcome"], answer["fields"]) == ("invalid_input", ["at"])


def test_one_card_is_rate_limited(central, site, now):
    token, code = card(central, now), activity_code(site, now)
    answers = [central.http.post("/v1/self-checkins", json={"card": token, "activity": code}) for _ in range(11)]
    assert [a.status_code for a in answers[:10]] == [200] * 10
    assert answers[10].status_code == 429 and answers[10].json()["error"] == "rate_limited"
    other = card(central, now, sub="phone-person-0003")
    assert post(central, other, code)[1]["outcome"] == "recorded"


def test_the_command_line_does_the_same(central, site, now):
    def run(*args):
        done = subprocess.run([sys.executable, "-m", "central", "--db", central.db_url, "self-checkin", *args],
                              capture_output=True, text=True, timeout=60)
        return done.returncode, json.loads(done.stdout)

    rc, answer = run("--card", card(central, now), "--activity", activity_code(site, now))
    assert (rc, answer["outcome"]) == (0, "recorded")
    rc, answer = run("--card", card(central, now), "--activity", activity_code(site, now))
    assert (rc, answer["outcome"]) == (0, "duplicate")
    rc, answer = run("--card", card(central, now), "--activity", "x.y.z")
    assert (rc, answer["outcome"]) == (1, "unreadable")
    rc, answer = run("--card", card(central, now), "--activity", activity_code(site, now), "--at", "soon")
    assert (rc, answer["outcome"], answer["fields"]) == (1, "invalid_input", ["at"])
