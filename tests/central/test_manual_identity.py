"""Hand-recorded people across stations: each station pseudonymises them with a secret of its own, so
the central files them under its own identity, derived from the verified personal details, and one
person recorded by two stations at one activity on one day is one attendance with two pieces of
evidence. The record rows keep the stations' refs. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime

from sqlalchemy import func, select

from central import manual_identity
from central.store.tables import attendance, attendance_evidence, central_secrets, records
from desktop.checkin import CheckinService
from desktop.station import Station
from desktop.sync.backoff import Backoff
from desktop.sync.client import CentralClient
from desktop.sync.enrollment import enroll
from desktop.sync.sync_round import sync_once
from furusato.activity import JST
from furusato.manual_record import person_key, validate_manual_record
from tests.central.station_sim import StationSim
from tests.store.records import manual

DAY = "2026-12-02"
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
STATION_LG = "152102"  # 十日町市, the station's demo local government
CENTRAL_ACTIVITY = {
    "id": "central-kusakari", "title": "草刈り（中央）", "kind": "designated_project", "venue": STATION_LG,
    "start": "2026-11-22T08:00:00+09:00", "end": "2026-11-22T17:00:00+09:00",
}


class ManualStation(StationSim):
    """A StationSim holding, like a real station, its own secret for hand-recorded people."""

    def __init__(self):
        super().__init__()
        self.secret = secrets.token_bytes(32)

    def manual(self, data: dict, *, day: str = DAY, activity: str = "snow-1", send_details: bool = True,
               **kw) -> dict:
        record = validate_manual_record(data, today=date(2026, 12, 31))
        details = {**record.personal_details(), **record.record_details()}
        wire = self.record(activity=activity, day=day, person=person_key(record.name, record.birth_date, self.secret),
                           details=details, **kw)
        return wire if send_details else {**wire, "details": None}


def rows(engine, query):
    with engine.connect() as conn:
        return conn.execute(query).all()


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def person_of(wire: dict) -> str:
    return json.loads(wire["payload"])["person"]


def test_two_stations_one_manual_person_one_attendance(central):
    a, b = ManualStation(), ManualStation()
    central.enroll(a)
    central.enroll(b)
    # The same person, typed differently at each station (full-width space, spacing): one identity.
    ra = a.manual(manual(name="山田 太郎"))
    rb = b.manual(manual(name="山田　太郎"))
    assert person_of(ra) != person_of(rb)  # each station's own pseudonym
    assert [r["status"] for r in central.send(a, [ra])] == ["accepted"]
    assert [r["status"] for r in central.send(b, [rb])] == ["accepted"]

    assert count(central.engine, records) == 2
    assert count(central.engine, attendance) == 1
    assert count(central.engine, attendance_evidence) == 2
    (att,) = rows(central.engine, select(attendance))
    assert att.person.startswith("manual:") and att.person not in (person_of(ra), person_of(rb))
    with central.engine.connect() as conn:
        key = manual_identity.secret(conn)
    assert att.person == person_key("山田太郎", date(1990, 4, 1), key)
    # the record rows keep what each station sent
    assert {r.person for r in rows(central.engine, select(records.c.person))} == {person_of(ra), person_of(rb)}
    assert count(central.engine, central_secrets) == 1

    # Another person (another birth date) and another day are other attendances.
    assert central.send(a, [a.manual(manual(birth="1991-04-01"))])[0]["status"] == "accepted"
    assert central.send(b, [b.manual(manual(), day="2026-12-03")])[0]["status"] == "accepted"
    assert count(central.engine, attendance) == 3

    # Station a cancels its record: station b's evidence still holds the attendance.
    cancel = a.record(activity="snow-1", day=DAY, person=person_of(ra), record_type="cancel",
                      extra={"ref": json.loads(ra["payload"])["id"], "reason": "mistake"})
    assert central.send(a, [cancel])[0]["status"] == "accepted"
    active = select(func.count()).select_from(attendance_evidence).where(
        attendance_evidence.c.attendance_id == att.id, attendance_evidence.c.active.is_(True))
    assert rows(central.engine, active)[0][0] == 1


def test_without_verified_details_the_station_ref_stays(central):
    a, b = ManualStation(), ManualStation()
    central.enroll(a)
    central.enroll(b)
    with_details = a.manual(manual())
    without = b.manual(manual(), send_details=False)  # purged on the station before it synced
    tampered = b.manual(manual(), day="2026-12-04")
    tampered = {**tampered, "details": {**tampered["details"], "name": "別人"}}
    assert central.send(a, [with_details])[0]["flags"] == []
    results = central.send(b, [without, tampered])
    assert [r["flags"] for r in results] == [[], ["details_mismatch"]]
    people = {r.person for r in rows(central.engine, select(attendance.c.person))}
    assert person_of(without) in people and person_of(tampered) in people and person_of(with_details) not in people
    assert count(central.engine, attendance) == 3

    # Card records are never re-identified, details or not.
    card = a.record(activity="snow-1", day=DAY, person="card:person0001", details={"name": "山田太郎", "token": "t"})
    assert central.send(a, [card])[0]["status"] == "accepted"
    assert count(central.engine, attendance, attendance.c.person == "card:person0001") == 1


def test_real_stations_hand_record_the_same_person(central, tmp_path):
    """Two real station data folders (their own data keys), the real sync, the real central."""
    from central import admin, enrollment

    with central.engine.begin() as conn:
        admin.upsert_lg(conn, STATION_LG)
        admin.upsert_activity(conn, **CENTRAL_ACTIVITY)
        codes = [enrollment.new_code(conn, STATION_LG)["code"] for _ in range(2)]
    stations = [Station.open(tmp_path / name, now=NOW) for name in ("station-a", "station-b")]
    try:
        refs = []
        for station, code, name in zip(stations, codes, ("山田 太郎", "山田太郎"), strict=True):
            enroll(station, central.url, code, label=station.root.name)
            result = CheckinService(station).check_in_manual(CENTRAL_ACTIVITY["id"], manual(name=name), NOW)
            assert result.record_id, result
            report = sync_once(station, CentralClient(central.url, timeout=(2.0, 10.0)),
                               Backoff(attempts=3, base=0.0, cap=0.0, sleep=lambda s: None), pull=False)
            assert report.error is None and report.to_json()["uploaded"] == 1, report.to_json()
            refs.append(station.manual_person_key("山田太郎", date(1990, 4, 1)))
        assert refs[0] != refs[1]
        assert count(central.engine, records) == 2
        assert count(central.engine, attendance, attendance.c.activity_id == CENTRAL_ACTIVITY["id"]) == 1
        assert count(central.engine, attendance_evidence) == 2
        assert {r.person for r in rows(central.engine, select(records.c.person))} == set(refs)
    finally:
        for station in stations:
            station.close()
