"""Person-level reads need an enrolled, active station (central/device_auth.py), on the real central
over loopback (SQLite and PostgreSQL): a bearer JWS signed by the device key enrolled for `iss`,
short-lived, for this central and bound to the request's method and path; each station is confined
to its own local government. Every refusal is checked for its exact status and error code."""

from __future__ import annotations

import json
import secrets
import time

import httpx
import jwt
import pytest
from jwt.api_jws import PyJWS

from central import admin, applications, token_replay
from desktop.sync.client import device_token
from furusato.activity_token import issue_activity_code
from furusato.keys import SigningKey
from tests.central.conftest import LG, OTHER_LG, RunningCentral
from tests.central.station_sim import StationSim

SUB = "person0001"
ELIGIBILITY = "/v1/eligibility"
QUERY = {"person": f"card:{SUB}", "lg": LG, "as_of": "2026-12-31"}


@pytest.fixture
def station(central):
    """An enrolled station of LG, and a registrant the central can judge."""
    enrolled = StationSim()
    central.enroll(enrolled)
    with central.engine.begin() as conn:
        admin.upsert_person(conn, SUB, residence="131016", mynumber_verified=True)
    return enrolled


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims(central, station, method: str = "GET", path: str = ELIGIBILITY, **changes) -> dict:
    now = int(time.time())
    base = {"iss": station.device_id, "aud": "furusato-central", "iat": now, "exp": now + 60,
            "htm": method, "htu": central.url + path, "jti": secrets.token_urlsafe(12)}
    return {k: v for k, v in {**base, **changes}.items() if v is not None}


def sign(key: SigningKey, body: dict, **header) -> str:
    """A compact JWS over any JSON body (PyJWS: PyJWT's encode would refuse some of the bad claims)."""
    return PyJWS().encode(json.dumps(body).encode(), key.private_key, algorithm="EdDSA",
                          headers={"typ": "frr-auth+jwt", "kid": key.kid, **header})


def ask(central, headers: dict | None = None, path: str = ELIGIBILITY, params: dict | None = None):
    return central.http.get(path, params=QUERY if params is None else params, headers=headers or {})


def refused(answer, status: int, error: str) -> dict:
    assert (answer.status_code, answer.json()["error"]) == (status, error), answer.text
    assert "server_time" in answer.json() and answer.json()["detail"]
    return answer.json()


def test_a_valid_token_of_an_enrolled_station_gets_the_answer(central, station):
    answer = ask(central, bearer(device_token(station.key, station.device_id, "GET", central.url + ELIGIBILITY)))
    assert answer.status_code == 200, answer.text
    assert (answer.json()["target"], answer.json()["count"]) == (LG, 0)
    # Clock skew: a token that expired less than 60 s ago, or is issued up to 60 s ahead, still passes.
    now = int(time.time())
    for iat in (now - 90, now + 45):
        late = sign(station.key, claims(central, station, iat=iat, exp=iat + 60))
        assert ask(central, bearer(late)).status_code == 200, iat


def test_no_token_or_garbage_is_unauthenticated(central, station):
    body = refused(ask(central), 401, "unauthenticated")
    assert "Bearer" in body["detail"]
    assert ask(central).headers["WWW-Authenticate"].startswith("Bearer")
    for header in ({"Authorization": "Bearer"}, {"Authorization": "Basic dXNlcjpwdw=="},
                   bearer("garbage"), bearer("a.b.c"), bearer("x" * 5000)):
        refused(ask(central, header), 401, "unauthenticated")
    # Unsigned and shared-secret tokens are not device tokens.
    unsigned = jwt.encode(claims(central, station), None, algorithm="none", headers={"typ": "frr-auth+jwt"})
    refused(ask(central, bearer(unsigned)), 401, "unauthenticated")
    hmac = jwt.encode(claims(central, station), "s" * 32, algorithm="HS256", headers={"typ": "frr-auth+jwt"})
    refused(ask(central, bearer(hmac)), 401, "unauthenticated")


@pytest.mark.parametrize(("changes", "detail"), [
    (lambda now: {"iat": now - 400, "exp": now - 100}, "token expired"),  # beyond the 60 s leeway
    (lambda now: {"iat": now + 120, "exp": now + 180}, "token issued in the future"),
    (lambda now: {"exp": now + 301}, "token lifetime"),  # longer than 300 s
    (lambda now: {"exp": now}, "token lifetime"),
    (lambda now: {"exp": str(now + 60)}, "whole seconds"),
    (lambda now: {"aud": "someone-else"}, "wrong audience"),
    (lambda now: {"aud": None}, "missing claim aud"),
    (lambda now: {"exp": None}, "missing claim exp"),
    (lambda now: {"htm": None}, "missing claim htm"),
    (lambda now: {"htu": None}, "missing claim htu"),
    (lambda now: {"iss": None}, "names no device"),
    (lambda now: {"iss": 42}, "names no device"),
    (lambda now: {"htm": "POST"}, "another method"),
    (lambda now: {"htu": "http://127.0.0.1:1/v1/applications"}, "another endpoint"),
    (lambda now: {"htu": "/v1/eligibility/../applications"}, "another endpoint"),
    (lambda now: {"htu": ["/v1/eligibility"]}, "another endpoint"),
    (lambda now: {"jti": None}, "missing claim jti"),
    (lambda now: {"jti": "short"}, "jti must be"),
    (lambda now: {"jti": "x" * 65}, "jti must be"),
    (lambda now: {"jti": ["abcdefghij"]}, "malformed token"),  # PyJWT refuses a jti that is not a string
    (lambda now: {"exp": float("inf")}, "malformed token"),
    (lambda now: {"iss": "\ud800"}, "malformed token"),
])
def test_bad_claims_are_unauthenticated(central, station, changes, detail):
    token = sign(station.key, claims(central, station, **changes(int(time.time()))))
    assert detail in refused(ask(central, bearer(token)), 401, "unauthenticated")["detail"]


def test_a_token_is_accepted_once_by_every_process_on_the_database(central, station):
    """A captured token cannot be replayed: its jti is spent in the database, so a second server on the
    same database (another worker) refuses it too; a fresh token is answered."""
    token = device_token(station.key, station.device_id, "GET", central.url + ELIGIBILITY)
    assert ask(central, bearer(token)).status_code == 200
    assert "already used" in refused(ask(central, bearer(token)), 401, "unauthenticated")["detail"]
    other = RunningCentral(central.db_url)
    try:
        with httpx.Client(base_url=other.url, timeout=10) as http:
            replayed = http.get(ELIGIBILITY, params=QUERY, headers=bearer(token))
            assert (replayed.status_code, replayed.json()["error"]) == (401, "unauthenticated")
            fresh = device_token(station.key, station.device_id, "GET", other.url + ELIGIBILITY)
            assert http.get(ELIGIBILITY, params=QUERY, headers=bearer(fresh)).status_code == 200
    finally:
        other.close()
    # Spent ids are forgotten once their token could no longer pass anyway.
    with central.engine.begin() as conn:
        assert token_replay.spend(conn, station.device_id, "expiring-1", usable_until=100, now=50)
        assert not token_replay.spend(conn, station.device_id, "expiring-1", usable_until=100, now=99)
        assert token_replay.spend(conn, station.device_id, "expiring-1", usable_until=300, now=101)


def test_a_token_is_bound_to_its_endpoint(central, station):
    """Made for one request, refused on every other: method and path are both bound."""
    for_applications = device_token(station.key, station.device_id, "GET", central.url + "/v1/applications")
    refused(ask(central, bearer(for_applications)), 401, "unauthenticated")
    for_posting = device_token(station.key, station.device_id, "POST", central.url + "/v1/applications")
    refused(ask(central, bearer(for_posting), path="/v1/applications", params={}), 401, "unauthenticated")
    assert ask(central, bearer(for_applications), path="/v1/applications", params={}).status_code == 200
    # The query string is not bound: the same token asks about another day.
    token = device_token(station.key, station.device_id, "GET", f"{central.url}{ELIGIBILITY}?as_of=2026-01-01")
    assert ask(central, bearer(token), params={**QUERY, "as_of": "2026-06-30"}).status_code == 200


def test_wrong_key_unknown_device_and_other_jws_of_the_device(central, station):
    stranger = SigningKey.generate()
    forged = sign(stranger, claims(central, station))  # names the enrolled device, signed by another key
    assert refused(ask(central, bearer(forged)), 401, "unauthenticated")["detail"] == "bad signature"
    unknown = StationSim()  # never enrolled
    token = device_token(unknown.key, unknown.device_id, "GET", central.url + ELIGIBILITY)
    assert refused(ask(central, bearer(token)), 401, "unauthenticated")["detail"] == "unknown device"
    # Other JWS the station signs with the same key never pass as a token: an activity code (on a
    # poster), a ledger record's detached signature.
    now = int(time.time())
    poster = issue_activity_code(station.key, device_id=station.device_id, activity_id="snow-1", lg=LG,
                                 title="雪下ろし", nbf=now - 60, exp=now + 3600)
    refused(ask(central, bearer(poster)), 401, "unauthenticated")
    record = station.record(activity="snow-1", day="2026-12-01", person=f"card:{SUB}", advance=False)
    refused(ask(central, bearer(record["sig"])), 401, "unauthenticated")
    wrong_typ = sign(station.key, claims(central, station), typ="JWT")
    refused(ask(central, bearer(wrong_typ)), 401, "unauthenticated")


def test_a_revoked_device_is_forbidden(central, station):
    token = device_token(station.key, station.device_id, "GET", central.url + ELIGIBILITY)
    with central.engine.begin() as conn:
        admin.revoke_device(conn, station.device_id)
    refused(ask(central, bearer(token)), 403, "device_revoked")
    # Only the key's holder learns it: another key naming the revoked device is just unauthenticated.
    forged = sign(SigningKey.generate(), claims(central, station))
    refused(ask(central, bearer(forged)), 401, "unauthenticated")


def _applications(central, station, method: str, path: str, **kw):
    headers = bearer(device_token(station.key, station.device_id, method, central.url + path))
    return central.http.request(method, path, headers=headers, **kw)


def test_every_person_level_endpoint_needs_a_token(central, station):
    with central.engine.begin() as conn:
        pending, _ = applications.apply(conn, SUB, LG)
    for method, path, kw in (("GET", ELIGIBILITY, {"params": QUERY}), ("GET", "/v1/applications", {}),
                             ("GET", f"/v1/applications/{pending['id']}", {}),
                             ("POST", "/v1/applications", {"json": {"person": SUB, "lg": LG}})):
        refused(central.http.request(method, path, **kw), 401, "unauthenticated")
        answer = _applications(central, station, method, path, **kw)
        assert answer.status_code == (201 if method == "POST" else 200), answer.text
    # The rest stays open: enrolment, records (signed one by one), activities, keys, revocations.
    for path in ("/v1/activities", "/v1/keys", "/v1/revocations"):
        assert central.http.get(path).status_code == 200
    doc = central.http.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_a_station_reads_its_own_local_government_only(central, station):
    other = StationSim()
    central.enroll(other, OTHER_LG)
    with central.engine.begin() as conn:
        admin.upsert_person(conn, "person0002", residence="131016", mynumber_verified=True)
        ours, _ = applications.apply(conn, SUB, LG)
        theirs, _ = applications.apply(conn, "person0002", OTHER_LG)

    def as_other(method, path, **kw):
        return _applications(central, other, method, path, **kw)

    body = refused(as_other("GET", ELIGIBILITY, params=QUERY), 403, "wrong_local_government")
    assert body["field"] == "lg"
    refused(as_other("POST", "/v1/applications", json={"person": SUB, "lg": LG}), 403, "wrong_local_government")
    refused(as_other("GET", "/v1/applications", params={"lg": LG}), 403, "wrong_local_government")
    refused(as_other("GET", f"/v1/applications/{ours['id']}"), 403, "wrong_local_government")
    # Without `lg`, the list is the station's own local government's.
    assert [a["id"] for a in as_other("GET", "/v1/applications").json()["applications"]] == [theirs["id"]]
    assert as_other("GET", f"/v1/applications/{theirs['id']}").json()["lg"] == OTHER_LG
    mine = _applications(central, station, "GET", "/v1/applications").json()["applications"]
    assert [a["id"] for a in mine] == [ours["id"]]
    # A malformed code is still named as such, never judged.
    bad = _applications(central, station, "GET", ELIGIBILITY, params={**QUERY, "lg": "123456"})
    assert (bad.status_code, bad.json()["error"], bad.json()["field"]) == (400, "bad_case", "target")
    with central.engine.connect() as conn:
        assert len(applications.list_applications(conn)) == 2  # the refused application was not made
