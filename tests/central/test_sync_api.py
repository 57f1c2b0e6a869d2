"""The sync protocol against a real uvicorn server over loopback HTTP (docs/SYNC_PROTOCOL.md)."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from central import admin, ingest, record_details
from central.store.tables import attendance, attendance_evidence, devices, records
from desktop.sync.client import device_token
from furusato.card_token import issue_card, verify_card
from furusato.keys import KeySet
from tests.central.conftest import LG
from tests.central.station_sim import StationSim, station_time

DETAILS = {"name": "山田太郎", "birth_date": "1990-04-01"}


def eligibility(central, station: StationSim, **params):
    """GET /v1/eligibility as `station`, an enrolled station (central/device_auth.py)."""
    token = device_token(station.key, station.device_id, "GET", central.url + "/v1/eligibility")
    return central.http.get("/v1/eligibility", params=params, headers={"Authorization": f"Bearer {token}"})


def count(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_openapi_and_server_time(central):
    doc = central.http.get("/openapi.json").json()
    assert {"/v1/enroll", "/v1/records", "/v1/activities", "/v1/keys", "/v1/revocations",
            "/v1/eligibility"} <= set(doc["paths"])
    for path in ("/v1/keys", "/v1/revocations", "/v1/activities"):
        assert "server_time" in central.http.get(path).json()


def test_enroll_with_code_then_reuse_refused(central):
    station = StationSim()
    code = central.code()
    body = {"code": code, "device_id": station.device_id, "public_jwk": station.public_jwk(), "label": "x"}
    first = central.http.post("/v1/enroll", json=body)
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["device_id"] == station.device_id
    assert answer["local_government"] == {"code": LG, "name": "札幌市"}
    assert {a["id"] for a in answer["activities"]} == {"snow-1", "grass-1"}
    assert answer["revoked"] == [] and "server_time" in answer
    # The platform keys it hands out verify cards the central signs.
    trusted = KeySet.from_jwks(answer["platform_keys"])
    assert len(trusted) == 1

    # The same station retrying its own enrolment (answer lost) gets the same answer...
    assert central.http.post("/v1/enroll", json=body).status_code == 200
    # ...anyone else presenting the used code is refused.
    other = StationSim()
    reuse = central.http.post("/v1/enroll", json={**body, "device_id": other.device_id,
                                                   "public_jwk": other.public_jwk()})
    assert reuse.status_code == 409 and reuse.json()["error"] == "code_used"
    unknown = central.http.post("/v1/enroll", json={**body, "code": "NOPE-NOPE-NOPE-NOPE"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_code"
    private = central.http.post("/v1/enroll", json={**body, "code": central.code(), "device_id": "d2",
                                                     "public_jwk": {**station.public_jwk(), "d": "x" * 43}})
    assert private.status_code == 400 and private.json()["error"] == "bad_public_jwk"


def test_chain_accepted_and_resend_duplicate(central):
    station = StationSim()
    central.enroll(station)
    batch = [
        station.record(activity="snow-1", day="2026-12-01", person="card:person0001", details=DETAILS),
        station.record(activity="snow-1", day="2026-12-01", person="card:person0002"),
        station.record(activity="grass-1", day="2026-07-01", person="card:person0001"),
    ]
    results = central.send(station, batch, headers={"X-Station-Time": station_time()})
    assert [r["status"] for r in results] == ["accepted"] * 3
    assert [r["seq"] for r in results] == [1, 2, 3]
    assert all(r["reason"] is None and r["flags"] == [] for r in results)
    assert results[0]["id"] == json.loads(batch[0]["payload"])["id"]
    # Both timestamps are kept.
    with central.engine.connect() as conn:
        row = conn.execute(select(records).where(records.c.seq == 1)).one()
        assert row.station_at == "2026-12-01T10:00:00+09:00" and row.received_at.startswith("20")
        assert record_details.from_stored(conn, row.record_id, row.details) == batch[0]["details"]
        assert isinstance(row.details, str) and "山田" not in row.details  # sealed at rest
        assert conn.execute(select(devices.c.last_seq).where(devices.c.id == station.device_id)).scalar() == 3

    # The answer was lost after the commit: the resend is all duplicates, nothing counted twice.
    again = central.send(station, batch)
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert count(central.engine, records) == 3
    assert count(central.engine, attendance) == 3

    # The chain goes on after the duplicates.
    more = central.send(station, [station.record(activity="snow-1", day="2026-12-02", person="card:person0001")])
    assert more[0]["status"] == "accepted" and more[0]["seq"] == 4


def test_tampered_payload_is_bad_signature(central):
    station = StationSim()
    central.enroll(station)
    record = station.record(activity="snow-1", day="2026-12-01", person="card:person0001")
    record["payload"] = record["payload"].replace("person0001", "person0009")
    assert central.send(station, [record])[0]["reason"] == "bad_signature"
    # Signed by another key (a stranger claiming this device's id):
    stranger = StationSim(station.device_id)
    forged = stranger.record(activity="snow-1", day="2026-12-01", person="card:person0001")
    result = central.send(station, [forged])[0]
    assert (result["status"], result["reason"]) == ("rejected", "bad_signature")
    assert count(central.engine, records) == 0


def test_unknown_and_revoked_device(central):
    stranger = StationSim()
    result = central.send(stranger, [stranger.record(activity="snow-1", day="2026-12-01", person="card:p0000001")])
    assert (result[0]["status"], result[0]["reason"]) == ("rejected", "unknown_device")

    station = StationSim()
    central.enroll(station)
    assert central.send(station, [station.record(activity="snow-1", day="2026-12-01",
                                                 person="card:person0001")])[0]["status"] == "accepted"
    with central.engine.begin() as conn:
        admin.revoke_device(conn, station.device_id)
    result = central.send(station, [station.record(activity="snow-1", day="2026-12-02", person="card:person0001")])
    assert (result[0]["status"], result[0]["reason"]) == ("rejected", "device_revoked")
    assert count(central.engine, records) == 1


def test_device_mismatch_conflict_gap_fork_details(central):
    station = StationSim()
    central.enroll(station)
    first = station.record(activity="snow-1", day="2026-12-01", person="card:person0001")
    assert central.send(station, [first])[0]["status"] == "accepted"

    # 3. a record of another device id inside this device's batch (signed with this key)
    other_id = StationSim(station.device_id)
    other_id.key, other_id.device_id = station.key, "someone-else"
    other_id.seq, other_id.prev = station.seq, station.prev
    assert central.send(station, [other_id.record(activity="snow-1", day="2026-12-01",
                                                  person="card:x0000001")])[0]["reason"] == "device_mismatch"

    # 5. gap: seq 3 before seq 2
    second = station.record(activity="snow-1", day="2026-12-02", person="card:person0001")
    third = station.record(activity="snow-1", day="2026-12-03", person="card:person0001")
    result = central.send(station, [third])[0]
    assert (result["status"], result["reason"], result["seq"]) == ("rejected", "gap", 3)
    # resend from the missing one: both accepted
    assert [r["status"] for r in central.send(station, [second, third])] == ["accepted", "accepted"]

    # 5. fork: another record claiming seq 3
    fork = StationSim(station.device_id)
    fork.key = station.key
    fork.seq, fork.prev = 2, json.loads(third["payload"])["prev"]
    result = central.send(station, [fork.record(activity="snow-1", day="2026-12-03", person="card:person0002")])[0]
    assert (result["status"], result["reason"]) == ("rejected", "fork")
    # next seq, but a prev that is not the last accepted hash: a fork too
    bad_prev = StationSim(station.device_id)
    bad_prev.key, bad_prev.seq, bad_prev.prev = station.key, station.seq, "f" * 64
    result = central.send(station, [bad_prev.record(activity="snow-1", day="2026-12-04", person="card:p0000004")])[0]
    assert result["reason"] == "fork"

    # 4. same id, other content: conflict
    body = json.loads(first["payload"])
    body["activity"] = "grass-1"
    from furusato import ledger_record as rec

    payload = rec.canonical(body)
    conflicting = {"payload": payload.decode(), "sig": rec.sign_detached(payload, station.key.private_key,
                                                                          station.key.kid), "details": None}
    assert central.send(station, [conflicting])[0]["reason"] == "conflict"

    # 6. details that do not match the payload's pii: the record is stored and advances the chain,
    # its details are dropped and it is flagged — it never blocks the records behind it.
    record = station.record(activity="snow-1", day="2026-12-05", person="manual:abc", details=DETAILS)
    tampered = {**record, "details": {**record["details"], "name": "別人"}}
    after = station.record(activity="snow-1", day="2026-12-06", person="manual:abc", details=DETAILS)
    results = central.send(station, [tampered, after])
    assert [(r["status"], r["reason"], r["flags"]) for r in results] == [
        ("accepted", None, ["details_mismatch"]), ("accepted", None, [])]
    with central.engine.connect() as conn:
        stored = conn.execute(select(records.c.details, records.c.flags)
                              .where(records.c.record_id == results[0]["id"])).one()
        assert (stored.details, stored.flags) == (None, ["details_mismatch"])
        sealed = conn.execute(select(records.c.details).where(records.c.record_id == results[1]["id"])).scalar()
        assert record_details.from_stored(conn, results[1]["id"], sealed) == after["details"]
    # the untampered original of the flagged record is now a conflict-free duplicate (same payload)
    assert central.send(station, [record])[0]["status"] == "duplicate"
    # details that are not an object are dropped the same way
    odd = station.record(activity="snow-1", day="2026-12-07", person="manual:abc", details=DETAILS)
    result = central.send(station, [{**odd, "details": "not-an-object"}])[0]
    assert (result["status"], result["flags"]) == ("accepted", ["details_mismatch"])
    assert count(central.engine, records) == 6


def test_two_devices_same_attendance_counted_once(central):
    a, b = StationSim(), StationSim()
    central.enroll(a)
    central.enroll(b)
    ra = a.record(activity="grass-1", day="2026-07-01", person="card:person0001")
    rb = b.record(activity="grass-1", day="2026-07-01", person="card:person0001")
    assert central.send(a, [ra])[0]["status"] == "accepted"
    assert central.send(b, [rb])[0]["status"] == "accepted"
    assert count(central.engine, records) == 2
    assert count(central.engine, attendance) == 1
    assert count(central.engine, attendance_evidence) == 2

    # Eligibility is computed from the central's own records: one attendance, counted once.
    with central.engine.begin() as conn:
        admin.upsert_person(conn, "person0001", residence="131016", mynumber_verified=True)
    answer = eligibility(central, a, person="person0001", lg=LG, as_of="2026-12-31")
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert (result["count"], result["eligible"], result["reasons"]) == (1, False, ["not_enough_activities"])

    # Two more days of a different activity pattern → eligible.
    for day in ("2026-12-01", "2026-12-03"):
        assert central.send(a, [a.record(activity="snow-1", day=day, person="card:person0001")])[0]["status"] \
            == "accepted"
    result = eligibility(central, b, person="card:person0001", lg=LG, as_of="2026-12-31").json()
    assert (result["count"], result["eligible"], result["expires"]) == (3, True, "2027-12-30")
    assert result["stay_days"] == 3 and result["long_stay"] is False

    assert eligibility(central, a, person="nobody0001", lg=LG).status_code == 404
    bad = eligibility(central, a, person="person0001", lg="123456")
    assert bad.status_code == 400 and bad.json()["field"] == "target"


def test_cancel_withdraws_evidence(central):
    a, b = StationSim(), StationSim()
    central.enroll(a)
    central.enroll(b)
    ra = a.record(activity="grass-1", day="2026-07-01", person="card:person0001")
    cancel = a.record(activity="grass-1", day="2026-07-01", person="card:person0001", record_type="cancel",
                      extra={"ref": json.loads(ra["payload"])["id"], "reason": "mistake"})
    assert [r["status"] for r in central.send(a, [ra, cancel])] == ["accepted", "accepted"]
    assert count(central.engine, attendance_evidence, attendance_evidence.c.active.is_(True)) == 0
    central.send(b, [b.record(activity="grass-1", day="2026-07-01", person="card:person0001")])
    assert count(central.engine, attendance_evidence, attendance_evidence.c.active.is_(True)) == 1
    assert count(central.engine, attendance) == 1


def test_clock_skew_and_unknown_activity_are_flags(central):
    station = StationSim()
    central.enroll(station)
    skewed = central.send(station, [station.record(activity="snow-1", day="2026-12-01", person="card:person0001")],
                          headers={"X-Station-Time": station_time(-3600)})
    assert skewed[0]["status"] == "accepted" and skewed[0]["flags"] == ["clock_skew"]
    near = central.send(station, [station.record(activity="nowhere", day="2026-12-01", person="card:person0001")],
                        headers={"X-Station-Time": station_time(120)})
    assert near[0]["status"] == "accepted" and near[0]["flags"] == ["unknown_activity"]
    with central.engine.connect() as conn:
        assert conn.execute(select(records.c.flags).where(records.c.seq == 1)).scalar() == ["clock_skew"]


def test_batch_limit_and_malformed_records(central):
    station = StationSim()
    central.enroll(station)
    too_many = central.http.post("/v1/records", json={"device_id": station.device_id,
                                                      "records": [{}] * (ingest.MAX_BATCH + 1)})
    assert too_many.status_code == 413
    results = central.send(station, [{"payload": 5}, "x"])
    assert [r["reason"] for r in results] == ["malformed", "malformed"]


def test_keys_and_revocations_endpoints(central):
    jwks = central.http.get("/v1/keys").json()
    trusted = KeySet.from_jwks(jwks)
    from central import platform_keys

    with central.engine.begin() as conn:
        key = platform_keys.active_key(conn)
        admin.revoke_card(conn, "person0002")
    card = issue_card(key, iss="furusato-central", sub="person0001", mnv=True)
    assert verify_card(card, trusted).outcome == "valid"
    revocations = central.http.get("/v1/revocations").json()
    assert revocations["subjects"] == ["person0002"] and revocations["updated_at"]
    assert central.http.get("/v1/activities", params={"since": "2999-01-01T00:00:00+00:00"}).json()["activities"] == []
