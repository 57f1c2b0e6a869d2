"""End to end with real parts only: two real station data folders (Station + CheckinService),
cards signed by the central's platform key, the real central over loopback.

Two stations at the same activity, offline, scan the same people; whichever syncs first, every
attendance counts once on the central. Then what must not get in: a record altered on the way, a
record from a device the central does not know or has revoked, a replayed batch."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from central import admin
from central.platform_keys import PLATFORM_ID
from central.store.tables import attendance, attendance_evidence, records
from desktop import paths
from desktop.checkin import CheckinService
from desktop.store.tables import outbox
from desktop.sync import answer_trust
from desktop.sync.client import device_token
from desktop.sync.enrollment import enroll
from desktop.sync.sync_round import sync_once
from furusato.activity import JST
from furusato.card_token import issue_card
from tests.sync.conftest import LG, client, fast_backoff, open_station
from tests.sync.fault_proxy import FaultProxy

ACTIVITY = "tokamachi-yuki-matsuri"
SHARED = [f"person{i:04d}" for i in range(1, 6)]


@pytest.fixture
def festival(central):
    """A central activity open now (cards are checked against the real clock)."""
    now = datetime.now(JST)
    central.add_activity(id=ACTIVITY, title="雪まつり会場整理", kind="designated_project", venue=LG,
                         start=(now - timedelta(hours=2)).isoformat(), end=(now + timedelta(hours=8)).isoformat())
    return central


@pytest.fixture
def stations(tmp_path, festival):
    opened = [open_station(tmp_path / name) for name in ("station-a", "station-b")]
    for station, code in zip(opened, festival.codes, strict=False):
        enroll(station, festival.url, code, label=station.root.name)
    yield opened
    for station in opened:
        station.close()


def cards(central, subs) -> dict[str, str]:
    key = central.platform_key()
    return {sub: issue_card(key, iss=PLATFORM_ID, sub=sub, name=f"登録者 {sub[-2:]}", mnv=True) for sub in subs}


def scan(station, token) -> str:
    result = CheckinService(station).check_in_token(ACTIVITY, token, datetime.now(JST))
    return result.outcome.value


def outbox_rows(station):
    with station.engine.connect() as conn:
        return conn.execute(select(outbox.c.seq, outbox.c.state, outbox.c.last_error).order_by(outbox.c.seq)).all()


def scalar(central, query):
    with central.engine.connect() as conn:
        return conn.execute(query).scalar_one()


@pytest.mark.parametrize("order", ["a-first", "b-first"])
def test_two_offline_stations_same_people_count_once_in_either_order(stations, festival, order):
    central = festival
    a, b = stations
    assert a.activities.get(ACTIVITY) is not None and b.activities.get(ACTIVITY) is not None  # pulled at enrolment
    tokens = cards(central, [*SHARED, "onlyatA01", "onlyatB01"])
    # Offline: nobody syncs while they scan. Each station records each person once (a second scan
    # at the same station is a local duplicate).
    for sub in SHARED:
        assert scan(a, tokens[sub]) == "recorded"
        assert scan(b, tokens[sub]) == "recorded"
    assert scan(a, tokens[SHARED[0]]) == "duplicate"
    assert scan(a, tokens["onlyatA01"]) == "recorded"
    assert scan(b, tokens["onlyatB01"]) == "recorded"

    first, second = (a, b) if order == "a-first" else (b, a)
    for station in (first, second):
        report = sync_once(station, client(central.url), fast_backoff())
        assert report.error is None
        assert report.to_json() == {"uploaded": 6, "accepted": 6, "duplicates": 0, "rejected": 0, "pending": 0}

    on_activity = records.c.activity_id == ACTIVITY
    assert scalar(central, select(func.count()).select_from(records).where(on_activity)) == 12  # evidence of both
    assert scalar(central, select(func.count()).select_from(attendance)
                  .where(attendance.c.activity_id == ACTIVITY)) == len(SHARED) + 2
    counted = (select(func.count(func.distinct(attendance.c.id)))
               .join(attendance_evidence, attendance_evidence.c.attendance_id == attendance.c.id)
               .where(attendance.c.activity_id == ACTIVITY, attendance_evidence.c.active.is_(True)))
    assert scalar(central, counted) == len(SHARED) + 2
    for sub in SHARED:
        assert scalar(central, select(func.count()).select_from(attendance)
                      .where(attendance.c.person == f"card:{sub}")) == 1

    # The central's own answer for a person seen by both stations: one attendance.
    with central.engine.begin() as conn:
        admin.upsert_person(conn, SHARED[1], residence="131016", mynumber_verified=True)
    # (asked as station a: person-level answers are for enrolled stations only)
    url = f"{central.url}/v1/eligibility"
    token = device_token(a.signing_key, a.signer.device_id, "GET", url)
    answer = httpx.get(url, params={"person": SHARED[1], "lg": LG}, timeout=10,
                       headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["count"] == 1

    # Syncing again in the other order changes nothing.
    for station in (second, first):
        assert sync_once(station, client(central.url), fast_backoff()).to_json()["uploaded"] == 0
    assert scalar(central, select(func.count()).select_from(records).where(on_activity)) == 12


def test_a_record_altered_on_the_way_is_refused_and_never_counted(stations, festival, tmp_path):
    central = festival
    a, _ = stations
    tokens = cards(central, ["person0001", "person0002"])
    assert scan(a, tokens["person0001"]) == "recorded"
    with FaultProxy(central.port, weights={"ok": 1.0}) as mitm:
        # Someone on the network swaps the person inside the signed payload.
        mitm.rewrite = lambda body: body.replace(b"card:person0001", b"card:person0666")
        report = sync_once(a, client(mitm.url), fast_backoff(), pull=False)
    # The central refused what it got (bad_signature) and signed that answer with the hash of what it got:
    # not this station's record, so the record is not settled by it — it stays pending, to go again.
    assert report.tally.rejected == 0 and report.error.code == "answer_mismatch"
    assert [(r.state, r.last_error) for r in outbox_rows(a)] == [("pending", "answer_mismatch")]
    assert central.record_ids() == set()
    assert scalar(central, select(func.count()).select_from(attendance)) == 0

    # Without the man in the middle the record goes in unaltered, and the next one behind it.
    assert scan(a, tokens["person0002"]) == "recorded"
    report = sync_once(a, client(central.url), fast_backoff(), pull=False)
    assert report.to_json() == {"uploaded": 2, "accepted": 2, "duplicates": 0, "rejected": 0, "pending": 0}
    assert scalar(central, select(func.count()).select_from(attendance)
                  .where(attendance.c.person == "card:person0666")) == 0


def test_records_from_an_unknown_or_revoked_device_are_refused(stations, festival, tmp_path):
    central = festival
    a, _ = stations
    tokens = cards(central, ["person0001", "person0002", "person0003"])

    # A station the central never enrolled (it trusts the platform keys, e.g. copied by hand).
    stranger = open_station(tmp_path / "stranger")
    try:
        paths.trusted_keys_file(stranger.root).write_bytes(paths.trusted_keys_file(a.root).read_bytes())
        stranger.meta.set(answer_trust.META_CHAIN, a.meta.get(answer_trust.META_CHAIN))
        stranger.reload_trust()
        stranger.activities.upsert(a.activities.get(ACTIVITY))
        assert scan(stranger, tokens["person0001"]) == "recorded"
        report = sync_once(stranger, client(central.url), fast_backoff(), pull=False)
        assert report.tally.rejected == 1 and report.tally.rejections[0]["reason"] == "unknown_device"
        assert [(r.state, r.last_error) for r in outbox_rows(stranger)] == [("rejected", "unknown_device")]
    finally:
        stranger.close()

    # A device revoked on the central: what it recorded before is kept, nothing after gets in.
    assert scan(a, tokens["person0002"]) == "recorded"
    assert sync_once(a, client(central.url), fast_backoff()).tally.accepted == 1
    central.revoke_device(a.signer.device_id)
    assert scan(a, tokens["person0003"]) == "recorded"
    report = sync_once(a, client(central.url), fast_backoff(), pull=False)
    assert report.tally.rejected == 1 and report.tally.rejections[0]["reason"] == "device_revoked"
    persons = {r["person"] for r in central.stored().values()}
    assert persons == {"card:person0002"}


def test_a_replayed_batch_changes_nothing(stations, festival):
    central = festival
    a, b = stations
    tokens = cards(central, SHARED)
    for sub in SHARED:
        assert scan(a, tokens[sub]) == "recorded"
    sent: list[bytes] = []
    with FaultProxy(central.port, weights={"ok": 1.0}) as tap:
        tap.rewrite = lambda body: (sent.append(body), body)[1]
        assert sync_once(a, client(tap.url), fast_backoff(), pull=False).tally.accepted == len(SHARED)
    (batch,) = [json.loads(body) for body in sent if body]
    before = central.stored()

    # Replayed verbatim (days later, by anyone): duplicates only.
    answer = httpx.post(f"{central.url}/v1/records", json=batch, timeout=10).json()
    assert [r["status"] for r in answer["results"]] == ["duplicate"] * len(SHARED)
    # Replayed as if from another enrolled device: refused, since b's key did not sign them.
    answer = httpx.post(f"{central.url}/v1/records", json={**batch, "device_id": b.signer.device_id},
                        timeout=10).json()
    assert {(r["status"], r["reason"]) for r in answer["results"]} == {("rejected", "bad_signature")}
    # Replayed through the station's own sync path (its answers lost): duplicates, nothing counted twice.
    with a.engine.begin() as conn:
        conn.execute(update(outbox).values(state="pending", answered_at=None, answer=None))
    report = sync_once(a, client(central.url), fast_backoff(), pull=False)
    assert report.to_json() == {"uploaded": 5, "accepted": 0, "duplicates": 5, "rejected": 0, "pending": 0}
    assert central.stored() == before
    assert scalar(central, select(func.count()).select_from(attendance_evidence)) == len(SHARED)
