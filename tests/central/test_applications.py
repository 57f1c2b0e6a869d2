"""Premium applications against the real central (uvicorn over loopback; SQLite and PostgreSQL):
judged from the central's own records, approved at once where the local government auto-approves,
otherwise pending its staff, who approve (re-checked that day) or refuse from the command line.
Every HTTP call is made as a real enrolled station of the local government concerned (signed bearer
token, central/device_auth.py); refusals of unauthenticated calls are in test_device_auth.py."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from central import admin, applications
from central.clock import today
from central.store.tables import applications as applications_table
from central.store.tables import persons, premium_history, records
from desktop.sync.client import device_token
from tests.central.conftest import LG, OTHER_LG
from tests.central.station_sim import StationSim

ROOT = Path(__file__).resolve().parents[2]
SUB = "person0001"
DAYS = ("2026-08-01", "2026-08-08", "2026-08-15")  # three separate visits
AS_OF = "2026-09-01"


def cli(db_url: str, *args: str) -> tuple[int, object]:
    done = subprocess.run([sys.executable, "-m", "central", "--db", db_url, *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    out = done.stdout.strip()
    return done.returncode, (json.loads(out) if out else done.stderr)


def enrolled(central, lg: str = LG) -> StationSim:
    station = StationSim()
    central.enroll(station, lg)
    return station


def auth(central, station: StationSim, method: str, path: str) -> dict[str, str]:
    """The Authorization header of `station` for one request (the station's own token builder)."""
    return {"Authorization": f"Bearer {device_token(station.key, station.device_id, method, central.url + path)}"}


def setup_person(central, sub: str = SUB, *, days=DAYS, lg: str = LG, mnv: bool = True,
                 premium: list | None = None, station: StationSim | None = None) -> StationSim:
    """A registrant living in 千代田区 with attendance at `lg` on `days`, sent by a station of `lg`."""
    activity = f"work-{lg}"
    with central.engine.begin() as conn:
        admin.upsert_person(conn, sub, residence="131016", mynumber_verified=mnv, premium=premium or [])
        admin.upsert_activity(conn, id=activity, title="草刈り", kind="designated_project", venue=lg,
                              start="2026-04-01T08:00", end="2027-03-31T17:00")
    if station is None:
        station = enrolled(central, lg)
    sent = central.send(station, [station.record(activity=activity, day=d, person=f"card:{sub}") for d in days])
    assert {r["status"] for r in sent} <= {"accepted"}
    return station


def apply(central, person=SUB, lg=LG, as_of=AS_OF, station: StationSim | None = None):
    """POST /v1/applications as `station` (default: a station newly enrolled for `lg`)."""
    body = {"person": person, "lg": lg, **({"as_of": as_of} if as_of else {})}
    station = station or enrolled(central, lg)
    headers = auth(central, station, "POST", "/v1/applications")
    return central.http.post("/v1/applications", json=body, headers=headers)


def read(central, station: StationSim, path: str, **params):
    """GET `path` as `station`."""
    return central.http.get(path, params=params, headers=auth(central, station, "GET", path))


def held(central, sub: str = SUB) -> list:
    with central.engine.connect() as conn:
        return conn.execute(select(persons.c.premium).where(persons.c.sub == sub)).scalar_one()


def test_auto_approve_then_renewal_and_idempotent_retry(central):
    with central.engine.begin() as conn:
        admin.upsert_lg(conn, OTHER_LG, auto_approve=True)
    station = setup_person(central, lg=OTHER_LG)
    answer = apply(central, lg=OTHER_LG, station=station)
    assert answer.status_code == 201, answer.text
    first = answer.json()
    assert (first["status"], first["expires"], first["decided_by"], first["reasons"]) == (
        "approved", "2027-08-31", "system", [])
    assert first["result"]["eligible"] is True and first["result"]["renewal"] is False
    assert held(central) == [{"lg": OTHER_LG, "expires": "2027-08-31"}]

    # The same request again (a retry after a lost answer) is the same application: no second renewal.
    again = apply(central, lg=OTHER_LG, station=station)
    assert (again.status_code, again.json()["id"]) == (200, first["id"])
    assert held(central) == [{"lg": OTHER_LG, "expires": "2027-08-31"}]

    # A renewal a month later: the engine extends the old expiry by one year.
    renewal = apply(central, lg=OTHER_LG, as_of="2026-10-01", station=station).json()
    assert renewal["status"] == "approved" and renewal["result"]["renewal"] is True
    assert renewal["expires"] == "2028-08-31"
    assert held(central) == [{"lg": OTHER_LG, "expires": "2028-08-31"}]

    listed = read(central, station, "/v1/applications", lg=OTHER_LG, status="approved").json()
    assert [a["id"] for a in listed["applications"]] == [first["id"], renewal["id"]]
    assert "server_time" in listed
    one = read(central, station, f"/v1/applications/{first['id']}").json()
    assert one["id"] == first["id"] and one["person"] == SUB


def test_pending_review_then_staff_approval(central):
    station = setup_person(central)  # LG: no auto-approval
    answer = apply(central, person=f"card:{SUB}")
    assert answer.status_code == 201, answer.text
    pending = answer.json()
    assert (pending["status"], pending["expires"], pending["decided_at"]) == ("pending_review", None, None)
    assert held(central) == []
    # idempotent while pending, whatever day the retry names
    again = apply(central, as_of="2026-09-02")
    assert (again.status_code, again.json()["id"]) == (200, pending["id"])

    # The local government is notified: its pending list, over HTTP and on the command line.
    listed = read(central, station, "/v1/applications", lg=LG, status="pending_review").json()
    assert [a["id"] for a in listed["applications"]] == [pending["id"]]
    code, out = cli(central.db_url, "applications", "--lg", LG)
    assert code == 0 and [a["id"] for a in out["applications"]] == [pending["id"]]

    # Approval before the application's day, or after today, is refused; nothing changes.
    assert cli(central.db_url, "approve", pending["id"], "--as-of", "2026-08-31")[1]["error"] == "bad_as_of"
    future = (today() + timedelta(days=1)).isoformat()
    assert cli(central.db_url, "approve", pending["id"], "--as-of", future)[0] == 1
    assert cli(central.db_url, "approve", pending["id"], "--as-of", "2026-9-5")[1]["field"] == "as_of"

    code, out = cli(central.db_url, "approve", pending["id"], "--as-of", "2026-09-05")
    assert code == 0, out
    # premium lasts a year from approval: the re-check on the day of approval sets the expiry
    assert (out["status"], out["decided_by"], out["decision_as_of"], out["expires"]) == (
        "approved", "staff", "2026-09-05", "2027-09-04")
    assert out["recheck"]["eligible"] is True and out["result"]["expires"] == "2027-08-31"
    assert held(central) == [{"lg": LG, "expires": "2027-09-04"}]
    # approving again is a no-op; refusing an approved one is refused
    assert cli(central.db_url, "approve", pending["id"])[1]["expires"] == "2027-09-04"
    code, out = cli(central.db_url, "refuse", pending["id"], "--reason", "late")
    assert (code, out["error"]) == (1, "not_pending")
    assert cli(central.db_url, "applications", "--lg", LG)[1]["applications"] == []


def test_refused_with_the_engines_reasons(central):
    setup_person(central, days=DAYS[:2], mnv=False)
    answer = apply(central)
    assert answer.status_code == 201
    refused = answer.json()
    assert refused["status"] == "refused" and refused["decided_by"] == "system"
    assert refused["reasons"] == ["mynumber_not_verified", "not_enough_activities"]
    assert refused["result"]["count"] == 2 and held(central) == []
    # a refused application is not pending: applying again judges again
    assert apply(central).json()["id"] != refused["id"]
    # residents may not hold premium for where they live
    with central.engine.begin() as conn:
        admin.upsert_person(conn, "resident01", residence="011011", mynumber_verified=True)  # 札幌市中央区
    assert apply(central, person="resident01").json()["reasons"] == ["residence", "not_enough_activities"]


def test_recheck_at_approval_and_staff_refusal(central):
    station = setup_person(central)
    pending = apply(central).json()
    assert pending["status"] == "pending_review"
    # Before approval one attendance is withdrawn at the station: the re-check no longer passes.
    with central.engine.connect() as conn:
        recorded = conn.execute(select(records.c.record_id).where(records.c.day == DAYS[0])).scalar_one()
    cancel = station.record(activity=f"work-{LG}", day=DAYS[0], person=f"card:{SUB}", record_type="cancel",
                            extra={"ref": recorded, "reason": "mistake"})
    assert central.send(station, [cancel])[0]["status"] == "accepted"

    code, out = cli(central.db_url, "approve", pending["id"], "--as-of", "2026-09-05")
    assert code == 1 and out["error"] == "not_eligible"
    refused = out["application"]
    assert (refused["status"], refused["reasons"], refused["expires"]) == (
        "refused", ["not_enough_activities"], None)
    assert refused["result"]["eligible"] is True and refused["recheck"]["count"] == 2
    assert held(central) == []
    assert cli(central.db_url, "approve", pending["id"])[1]["error"] == "not_pending"

    # Staff refusal, with a note; refusing again changes nothing.
    setup_person(central, "person0002", station=station)
    other = apply(central, person="person0002").json()
    assert other["status"] == "pending_review"
    assert cli(central.db_url, "refuse", other["id"])[0] == 2  # --reason is required
    code, out = cli(central.db_url, "refuse", other["id"], "--reason", "書類不備")
    assert code == 0 and (out["status"], out["decided_by"], out["note"], out["reasons"]) == (
        "refused", "staff", "書類不備", [])
    assert cli(central.db_url, "refuse", other["id"], "--reason", "again")[1]["note"] == "書類不備"
    assert cli(central.db_url, "refuse", "no-such-id", "--reason", "x")[1]["error"] == "unknown_application"
    assert held(central, "person0002") == []


def test_lapse_moves_expired_registrations_to_history(central):
    with central.engine.begin() as conn:
        admin.upsert_person(conn, SUB, residence="131016", mynumber_verified=True, premium=[
            {"lg": "022012", "expires": "2026-08-31"}, {"lg": "032018", "expires": "2026-09-01"}])
        admin.upsert_person(conn, "person0002", residence="131016", premium=[{"lg": "041009", "expires": "2026-01-31"}])
    code, out = cli(central.db_url, "lapse", "--as-of", "2026-09-01")
    assert code == 0, out
    assert out == {"as_of": "2026-09-01", "count": 2, "lapsed": [
        {"person": SUB, "lg": "022012", "expires": "2026-08-31"},
        {"person": "person0002", "lg": "041009", "expires": "2026-01-31"}]}
    assert held(central) == [{"lg": "032018", "expires": "2026-09-01"}]  # valid through its expiry day
    assert held(central, "person0002") == []
    assert cli(central.db_url, "lapse", "--as-of", "2026-09-01")[1]["count"] == 0  # idempotent
    with central.engine.connect() as conn:
        rows = conn.execute(select(premium_history.c.person, premium_history.c.lg_code, premium_history.c.lapsed_on)
                            .order_by(premium_history.c.id)).all()
    assert [tuple(r) for r in rows] == [(SUB, "022012", "2026-09-01"), ("person0002", "041009", "2026-09-01")]
    future = (today() + timedelta(days=1)).isoformat()
    assert cli(central.db_url, "lapse", "--as-of", future)[1]["error"] == "bad_as_of"


def test_premium_cap_counts_live_registrations_only(central):
    three = [{"lg": "022012", "expires": "2027-03-31"}, {"lg": "032018", "expires": "2027-03-31"}]
    station = setup_person(central, premium=[*three, {"lg": "041009", "expires": "2027-03-31"}])
    # 青森市, 盛岡市, 仙台市 live + 札幌市 = four local governments: over the cap.
    assert apply(central).json()["reasons"] == ["premium_cap"]

    # Another registrant whose 仙台市 registration expired the day before: it does not count, and the
    # approval path moves it to the history.
    setup_person(central, "person0002", premium=[*three, {"lg": "041009", "expires": "2026-08-31"}],
                 station=station)
    pending = apply(central, person="person0002").json()
    assert pending["status"] == "pending_review" and pending["reasons"] == []
    assert held(central, "person0002") == three
    code, out = cli(central.db_url, "approve", pending["id"], "--as-of", AS_OF)
    assert code == 0 and out["expires"] == "2027-08-31"
    assert held(central, "person0002") == [*three, {"lg": LG, "expires": "2027-08-31"}]
    with central.engine.connect() as conn:
        lapsed = conn.execute(select(premium_history.c.lg_code).where(premium_history.c.person == "person0002"))
        assert lapsed.scalars().all() == ["041009"]


def test_bad_input_is_refused_precisely(central):
    station = setup_person(central)
    with central.engine.begin() as conn:
        admin.upsert_person(conn, "noresidence1")
    cases = [
        ({"person": "nobody0001", "lg": LG}, 404, "unknown_person", "person"),
        # in the master, not on this central: not the station's local government either (before: 404
        # unknown_lg, which a station can no longer reach — its own local government is on the central)
        ({"person": SUB, "lg": "022012"}, 403, "wrong_local_government", "lg"),
        ({"person": SUB, "lg": "12345"}, 400, "bad_lg", "lg"),
        ({"person": SUB, "lg": "０１１００２"}, 400, "bad_lg", "lg"),
        ({"person": SUB, "lg": "011003"}, 400, "bad_lg", "lg"),  # wrong check digit
        ({"person": SUB, "lg": "011011"}, 400, "bad_lg", "lg"),  # a ward is not a local government
        ({"person": SUB, "lg": "990001"}, 400, "bad_lg", "lg"),  # not in the master
        ({"person": "short", "lg": LG}, 400, "bad_person", "person"),
        ({"person": "card:../etc", "lg": LG}, 400, "bad_person", "person"),
        ({"person": SUB, "lg": LG, "as_of": (today() + timedelta(days=1)).isoformat()}, 400, "bad_as_of", "as_of"),
        ({"person": "noresidence1", "lg": LG}, 409, "person_incomplete", "person"),
    ]
    for body, status, error, field in cases:
        answer = central.http.post("/v1/applications", json=body,
                                   headers=auth(central, station, "POST", "/v1/applications"))
        assert (answer.status_code, answer.json()["error"], answer.json()["field"]) == (status, error, field), body
        assert "server_time" in answer.json()
    # A token is single-use: each request signs its own.
    assert central.http.post("/v1/applications", json={"person": SUB, "lg": LG, "as_of": "2026-13-01"},
                             headers=auth(central, station, "POST", "/v1/applications")).status_code == 422
    assert central.http.post("/v1/applications", json={"person": SUB},
                             headers=auth(central, station, "POST", "/v1/applications")).status_code == 422
    bad = read(central, station, "/v1/applications", status="waiting")
    assert (bad.status_code, bad.json()["error"]) == (400, "bad_status")
    assert read(central, station, "/v1/applications", lg="1").json()["error"] == "bad_lg"
    assert read(central, station, "/v1/applications/nope").status_code == 404
    with central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(applications_table)).scalar() == 0
    # no as_of: today in Japan
    answer = apply(central, as_of=None).json()
    assert answer["as_of"] == today().isoformat()
    doc = central.http.get("/openapi.json").json()
    assert {"post"} <= set(doc["paths"]["/v1/applications"]) and "get" in doc["paths"]["/v1/applications"]
    assert not any("approve" in path or "refuse" in path for path in doc["paths"])  # staff actions: CLI only


def test_concurrent_applications_make_one(central):
    """Two writers outside the server's lock (another process would be the same) apply at once."""
    setup_person(central)
    results, errors = [], []

    def one():
        try:
            with central.engine.begin() as conn:
                results.append(applications.apply(conn, SUB, LG, date(2026, 9, 1)))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({answer["id"] for answer, _ in results}) == 1
