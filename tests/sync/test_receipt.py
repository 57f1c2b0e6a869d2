"""Receipts in process, against the real central's database and a real station: what one settles and
brings, and what it must not do — twice, old, another station's, tampered at any byte, signed by a key
the station does not trust, or a file that is no receipt at all."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from central import answer_signing
from central.receipts import import_with_receipt
from central.store.tables import devices
from desktop import paths
from desktop.privacy.audit_log import AuditLog
from desktop.store.tables import outbox, personal_details, station_meta
from desktop.sync import answer_trust
from desktop.sync import outbox as ob
from desktop.sync.bundle import write_bundle
from desktop.sync.enrollment import enroll
from desktop.sync.receipt import ReceiptRefused, import_receipt
from desktop.sync.sync_round import sync_once
from furusato import answer_signing as fmt
from furusato.activity import JST
from furusato.keys import generate_key
from tests.sync.conftest import check_in, client, fast_backoff, open_station


def receipt_for(station, central, folder, name="receipt.frr"):
    """The bundle of everything the central lacks → imported there → the receipt file."""
    bundle = folder / f"{name}.bundle"
    write_bundle(station, bundle)
    with central.engine.begin() as conn:
        summary, token = import_with_receipt(conn, bundle.read_text("ascii"))
    out = folder / name
    out.write_text(token, "ascii")
    return out, summary


def snapshot(station) -> dict:
    """Everything a receipt may change."""
    with station.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(outbox).order_by(outbox.c.seq))]
        meta = dict(conn.execute(select(station_meta.c.key, station_meta.c.value)).all())
        details = [tuple(r) for r in conn.execute(select(personal_details).order_by(personal_details.c.record_id))]
    files = {f: p.read_bytes() if p.exists() else None for f, p in (
        ("keys", paths.trusted_keys_file(station.root)), ("revoked", paths.revocations_file(station.root)))}
    return {"outbox": rows, "meta": meta, "details": details, "activities": station.activities.all(), **files}


def refused(station, path) -> str:
    before = snapshot(station)
    with pytest.raises(ReceiptRefused) as caught:
        import_receipt(station, path)
    assert snapshot(station) == before
    return caught.value.code


def test_a_receipt_settles_the_records_and_brings_the_central_state(enrolled, central, tmp_path):
    station = enrolled
    ids = check_in(station, 4)
    central.revoke_card("revoked-subject-9")
    new_kid = central.rotate_keys()
    central.add_activity(id="central-winter", title="雪下ろし（中央）", kind="designated_project", venue="152102",
                         start="2026-12-10T08:00:00+09:00", end="2026-12-10T15:00:00+09:00")
    path, summary = receipt_for(station, central, tmp_path)
    assert summary["accepted"] == 4
    assert ob.pending_count(station.engine) == 4 and "revoked-subject-9" not in station.revoked_subjects

    applied = import_receipt(station, path)
    assert (applied.settled, applied.accepted, applied.duplicates, applied.rejected, applied.pending) == (4, 4, 0, 0, 0)
    assert applied.central_state == "applied" and applied.activities == 2
    assert ob.state_counts(station.engine) == {"sent": 4}
    assert station.revoked_subjects == {"revoked-subject-9"} and new_kid in station.trusted_keys
    assert station.activities.get("central-winter").title == "雪下ろし（中央）"
    assert station.meta.get("activities_pulled_at") == applied.issued_at
    (entry,) = [e for e in AuditLog.for_data_dir(station.root).entries() if e["event"] == "receipt_imported"]
    assert (entry["records"], entry["count"], entry["via"]) == (4, 4, "cli")
    # The answers it settled on are the signed ones, stored as a sync stores them.
    with station.engine.connect() as conn:
        answers = [json.loads(a) for a in conn.execute(select(outbox.c.answer)).scalars()]
    assert {a["status"] for a in answers} == {"accepted"} and len(ids) == 4


def test_the_retention_purge_runs_after_a_receipt(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 3)
    path, _ = receipt_for(station, central, tmp_path)
    long_ago = datetime.now(JST) - timedelta(days=45)  # answered 45 days ago: past the 30 days kept
    applied = import_receipt(station, path, now=long_ago)
    assert applied.settled == 3 and applied.purged == 3
    with station.engine.connect() as conn:
        assert [r.details for r in conn.execute(select(personal_details))] == [None] * 3


def test_twice_old_and_other_stations_receipts_change_nothing(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 2)
    first, _ = receipt_for(station, central, tmp_path, "first.frr")
    check_in(station, 2, start=2)
    second, _ = receipt_for(station, central, tmp_path, "second.frr")  # the newer one: all four answered
    assert import_receipt(station, second).settled == 4
    assert refused(station, second) == "already_applied"
    assert refused(station, first) == "stale"

    other = open_station(tmp_path / "other")
    try:
        enroll(other, central.url, central.codes[1])
        check_in(other, 1)
        theirs, _ = receipt_for(other, central, tmp_path, "theirs.frr")
        # The other station's receipt, signed by the same central, is not for this station.
        assert refused(station, theirs) == "other_station"
        assert import_receipt(other, theirs).settled == 1
    finally:
        other.close()


def test_a_receipt_with_any_byte_changed_is_refused(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 2)
    path, _ = receipt_for(station, central, tmp_path)
    raw = path.read_bytes()
    spoilt = tmp_path / "spoilt.frr"
    rng = random.Random(12)
    # Every byte of the header and the signature, and a few hundred of the body.
    head, body, _ = raw.split(b".")
    positions = list(range(len(head) + 1)) + list(range(len(head) + len(body) + 1, len(raw)))
    positions += rng.sample(range(len(head) + 1, len(head) + len(body) + 1), 300)
    before = snapshot(station)
    codes = set()
    for at in positions:
        for new in {raw[at] ^ 0x01, ord("A") if raw[at] != ord("A") else ord("B")}:
            spoilt.write_bytes(raw[:at] + bytes([new]) + raw[at + 1:])
            with pytest.raises(ReceiptRefused) as caught:
                import_receipt(station, spoilt)
            codes.add(caught.value.code)
    assert snapshot(station) == before
    assert codes <= {"bad_answer_signature", "not_a_receipt", "unknown_answer_key"}
    assert import_receipt(station, path).settled == 2  # the intact one still applies


def test_a_receipt_brings_a_rotated_answer_key_in_its_chain(enrolled, central, tmp_path):
    station = enrolled
    known = answer_trust.load(station.meta).newest.kid
    with central.engine.begin() as conn:
        newest = answer_signing.rotate(conn)["active"]
    check_in(station, 1)
    path, _ = receipt_for(station, central, tmp_path)
    assert fmt.header_of(path.read_text(), fmt.RECEIPT_TYP)["kid"] == newest != known
    assert import_receipt(station, path).settled == 1
    assert answer_trust.load(station.meta).newest.kid == newest


def test_a_receipt_signed_by_another_key_is_refused_even_with_its_own_chain(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 2)
    path, _ = receipt_for(station, central, tmp_path)
    token = path.read_text()
    document = json.loads(fmt._jws.decode_complete(token, options={"verify_signature": False})["payload"])
    forger = generate_key()
    forged = tmp_path / "forged.frr"
    forged.write_text(fmt.sign(forger, fmt.RECEIPT_TYP, {**document, "receipt_id": "x"},
                               headers={"chain": [fmt.endorse(forger, forger, 0)]}))
    assert refused(station, forged) == "unknown_answer_key"
    # Nor does a link signed in by the forger after the central's real chain help.
    real = fmt.header_of(token, fmt.RECEIPT_TYP)["chain"]
    forged.write_text(fmt.sign(forger, fmt.RECEIPT_TYP, document,
                               headers={"chain": real + [fmt.endorse(forger, forger, 0)]}))
    assert refused(station, forged) == "unknown_answer_key"


def test_a_refused_record_the_central_takes_later_is_settled_by_the_receipt(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 2)
    with central.engine.connect() as conn:
        kept = conn.execute(select(devices.c.kid, devices.c.public_jwk)
                            .where(devices.c.id == station.signer.device_id)).one()
    central.forget_device_key(station.signer.device_id)
    sync_once(station, client(central.url), fast_backoff(), pull=False)
    assert ob.state_counts(station.engine) == {"rejected": 2}
    with central.engine.begin() as conn:  # the central's key is put right
        conn.execute(update(devices).where(devices.c.id == station.signer.device_id)
                     .values(kid=kept.kid, public_jwk=kept.public_jwk))
    path, summary = receipt_for(station, central, tmp_path)  # bundles carry refused records too
    assert summary["accepted"] == 2
    applied = import_receipt(station, path)
    assert applied.settled == 2 and ob.state_counts(station.engine) == {"sent": 2}


def test_a_sync_newer_than_the_receipt_keeps_its_central_state(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 2)
    path, _ = receipt_for(station, central, tmp_path)
    central.revoke_card("revoked-after-receipt")
    sync_once(station, client(central.url), fast_backoff(), upload_records=False)  # pulls only
    assert station.revoked_subjects == {"revoked-after-receipt"}
    applied = import_receipt(station, path)
    # The records settle; the older catalogue, keys and revocations do not roll the newer ones back.
    assert applied.settled == 2 and applied.central_state == "kept" and applied.activities == 0
    assert station.revoked_subjects == {"revoked-after-receipt"}


def test_files_that_are_no_receipt(enrolled, central, tmp_path):
    station = enrolled
    check_in(station, 1)
    bundle = tmp_path / "bundle.frr"
    write_bundle(station, bundle)
    junk = tmp_path / "junk.frr"
    cases = {b"": "not_a_receipt", b"\xff\xfe\x00binary": "not_a_receipt", b"a.b": "not_a_receipt",
             json.dumps({"receipt": "no"}).encode(): "not_a_receipt",
             ("[" * 100_000).encode(): "not_a_receipt"}
    for content, code in cases.items():
        junk.write_bytes(content)
        assert refused(station, junk) == code, content[:20]
    assert refused(station, bundle) == "not_a_receipt"  # a bundle is not a receipt
    assert refused(station, tmp_path / "missing.frr") == "unreadable"
    with open(junk, "wb") as fh:  # a file larger than any receipt is not read
        fh.truncate(fmt.RECEIPT_MAX_BYTES + 1)
    assert refused(station, junk) == "not_a_receipt"


def test_a_station_without_an_answer_key_cannot_check_a_receipt(enrolled, central, tmp_path):
    check_in(enrolled, 1)
    path, _ = receipt_for(enrolled, central, tmp_path)
    stranger = open_station(tmp_path / "stranger")
    try:
        assert refused(stranger, path) == "no_answer_key"
    finally:
        stranger.close()
