"""The central signs its answers: what it publishes at enrolment and on /v1/answer-keys, what every
POST /v1/records answer carries, rotation through the command line, and the receipt `import-bundle
--receipt` writes — checked over real HTTP and real subprocesses (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import hashlib
import json
import time

from sqlalchemy import select

from central.store.tables import records
from furusato import answer_signing as fmt
from furusato.answer_signing import AnswerKeyChain
from tests.central.station_sim import StationSim
from tests.central.test_bundles_and_cli import cli, enroll_via_code

NOW_DAY = "2026-12-02"


def _open(signed, typ: str, fmt_name: str, chain: AnswerKeyChain) -> tuple[dict, dict]:
    """A batch answer ({"payload", "sig"}) or a receipt (a compact JWS), verified and read."""
    check = fmt.verify_detached if typ == fmt.ANSWER_TYP else fmt.verify
    header, payload = check(signed, typ, chain.trusted(time.time()))
    return header, fmt.load_document(payload, fmt_name)


def test_enrolment_publishes_the_answer_key_and_every_batch_answer_is_signed(central):
    station = StationSim()
    enrolled = central.enroll(station)
    published = enrolled["answer_keys"]
    chain = AnswerKeyChain.first_use(published["chain"])
    assert len(chain.links) == 1 and fmt.header_of(published["chain"][0], fmt.KEY_TYP)["kid"] == chain.newest.kid
    # Not one of the card-signing keys: an answer key never passes for a platform key, nor back.
    assert chain.newest.kid not in {k["kid"] for k in enrolled["platform_keys"]["keys"]}
    assert central.http.get("/v1/answer-keys").json()["chain"] == published["chain"]

    good = [station.record(activity="snow-1", day=NOW_DAY, person=f"card:person000{i}") for i in (1, 2)]
    refused = station.record(activity="snow-1", day=NOW_DAY, person="card:person0003", advance=False)
    refused["sig"] = good[0]["sig"]
    batch = [*good, refused, "not a record"]
    answer = central.http.post("/v1/records", json={"device_id": station.device_id, "records": batch},
                               headers={"X-Answer-Nonce": "nonce-1_A"}).json()
    header, document = _open(answer["answer"], fmt.ANSWER_TYP, fmt.ANSWER_FORMAT, chain)
    assert header["kid"] == chain.newest.kid
    assert (document["device_id"], document["nonce"]) == (station.device_id, "nonce-1_A")
    signed = document["results"]
    assert [(r["status"], r["reason"]) for r in signed] == [
        ("accepted", None), ("accepted", None), ("rejected", "bad_signature"), ("rejected", "malformed")]
    for wire, entry in zip(batch[:3], signed, strict=False):
        assert entry["hash"] == hashlib.sha256(wire["payload"].encode()).hexdigest()
        assert entry["id"] == json.loads(wire["payload"])["id"]
    assert signed[3]["hash"] is None and signed[3]["id"] is None
    # The plain results (for older stations) say the same, without the hashes.
    assert [{k: v for k, v in r.items() if k != "hash"} for r in signed] == answer["results"]
    with central.engine.connect() as conn:
        stored = dict(conn.execute(select(records.c.record_id, records.c.hash)).all())
    assert {stored[e["id"]] for e in signed[:2]} == {e["hash"] for e in signed[:2]}


def test_a_nonce_is_echoed_only_when_it_is_one(central):
    station = StationSim()
    central.enroll(station)
    chain = AnswerKeyChain.first_use(central.http.get("/v1/answer-keys").json()["chain"])

    def nonce_of(headers):
        answer = central.http.post("/v1/records", json={"device_id": station.device_id, "records": []},
                                   headers=headers)
        return answer.status_code, _open(answer.json()["answer"], fmt.ANSWER_TYP, fmt.ANSWER_FORMAT, chain)[1][
            "nonce"] if answer.status_code == 200 else None

    assert nonce_of({}) == (200, None)
    assert nonce_of({"X-Answer-Nonce": "x" * 64}) == (200, "x" * 64)
    assert nonce_of({"X-Answer-Nonce": "x" * 65}) == (200, None)
    assert nonce_of({"X-Answer-Nonce": "a b"}) == (200, None)
    assert nonce_of({"X-Answer-Nonce": "x" * 101})[0] == 422
    # An unknown device is answered too, and signed: a station learns that for sure.
    answer = central.http.post("/v1/records", json={"device_id": "nobody", "records": [StationSim().record(
        activity="a", day=NOW_DAY, person="card:person0001")]}).json()
    document = _open(answer["answer"], fmt.ANSWER_TYP, fmt.ANSWER_FORMAT, chain)[1]
    assert document["device_id"] == "nobody" and document["results"][0]["reason"] == "unknown_device"


def test_rotation_on_the_command_line_extends_the_chain(central):
    station = StationSim()
    first = AnswerKeyChain.first_use(central.enroll(station)["answer_keys"]["chain"])
    rc, rotated = cli(central.db_url, "rotate-answer-keys")
    assert rc == 0 and rotated["retired"] == [first.newest.kid] and rotated["active"] != first.newest.kid
    offered = central.http.get("/v1/answer-keys").json()
    grown = first.extend(offered["chain"])
    assert [link.kid for link in grown.links] == [first.newest.kid, rotated["active"]]
    assert offered["at"] > offered["server_time"][:19]
    answer = central.http.post("/v1/records", json={"device_id": station.device_id, "records": [
        station.record(activity="snow-1", day=NOW_DAY, person="card:person0001")]}).json()
    assert fmt.header_of(answer["answer"]["sig"], fmt.ANSWER_TYP, detached=True)["kid"] == rotated["active"]
    _open(answer["answer"], fmt.ANSWER_TYP, fmt.ANSWER_FORMAT, grown)
    # The platform's card keys are untouched by it.
    rc, jwks = cli(central.db_url, "keys")
    assert rotated["active"] not in {k["kid"] for k in jwks["keys"]}


def test_import_bundle_writes_a_signed_receipt_after_the_import(central, tmp_path):
    db_url = central.db_url
    assert cli(db_url, "revoke-card", "--sub", "revoked-0001")[0] == 0
    station = StationSim()
    enroll_via_code(db_url, station)
    recs = [station.record(activity="snow-1", day=NOW_DAY, person=f"card:person000{i}") for i in (1, 2)]
    bundle = tmp_path / "b.frr"
    bundle.write_text(station.bundle(recs), encoding="ascii")

    # A receipt into a folder that is not there: a usage error, and nothing imported.
    rc, out = cli(db_url, "import-bundle", str(bundle), "--receipt", str(tmp_path / "nowhere" / "r.frr"))
    assert rc == 2 and "nowhere" in out
    # A bundle refused whole writes no receipt.
    rc, out = cli(db_url, "import-bundle", str(tmp_path / "missing.frr"), "--receipt", str(tmp_path / "r0.frr"))
    assert rc == 1 and not (tmp_path / "r0.frr").exists()

    out_path = tmp_path / "receipt.frr"
    rc, summary = cli(db_url, "import-bundle", str(bundle), "--receipt", str(out_path))
    assert rc == 0 and summary["accepted"] == 2 and summary["receipt"] == str(out_path)
    token = out_path.read_text("ascii")
    header = fmt.header_of(token, fmt.RECEIPT_TYP)
    chain = AnswerKeyChain.first_use(header["chain"])
    _, receipt = _open(token, fmt.RECEIPT_TYP, fmt.RECEIPT_FORMAT, chain)
    assert receipt["device_id"] == station.device_id
    assert receipt["local_government"] == {"code": "011002", "name": "札幌市"}
    assert [(r["status"], r["hash"]) for r in receipt["results"]] == [
        ("accepted", hashlib.sha256(r["payload"].encode()).hexdigest()) for r in recs]
    assert [a["id"] for a in receipt["activities"]] == ["grass-1", "snow-1"]
    assert receipt["revocations"]["subjects"] == ["revoked-0001"]
    rc, jwks = cli(db_url, "keys")
    assert receipt["platform_keys"]["keys"] == jwks["keys"] and receipt["bundle_created_at"]
    # Imported again: duplicates, and a new receipt (another id, a later time) that says so.
    rc, again = cli(db_url, "import-bundle", str(bundle), "--receipt", str(out_path))
    _, second = _open(out_path.read_text("ascii"), fmt.RECEIPT_TYP, fmt.RECEIPT_FORMAT, chain)
    assert again["duplicates"] == 2 and [r["status"] for r in second["results"]] == ["duplicate"] * 2
    assert second["receipt_id"] != receipt["receipt_id"] and second["issued_at"] > receipt["issued_at"]
