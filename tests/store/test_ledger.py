import json
import shutil
import sqlite3
from datetime import timedelta

import pytest

from desktop.store.ledger import DuplicateAttendance, Ledger, NotFound
from furusato import ledger_record as rec
from tests.store.conftest import NOW

DAY = NOW.date()


def _check_in(ledger: Ledger, person="card:subject-0001", activity="demo-jichikai", day=DAY, details=None):
    return ledger.check_in(activity_id=activity, day=day, at=NOW, person_key=person, details=details)


def _device_public_key(station):
    return station.signer.private_key.public_key()


def test_records_chain_and_verify_with_the_device_key(station):
    first = _check_in(station.ledger, "card:aaaaaaaa", details={"name": "甲"})
    second = _check_in(station.ledger, "card:bbbbbbbb")
    station.ledger.cancel(first.record_id, reason="誤登録", at=NOW)
    assert (first.seq, second.seq) == (1, 2)
    assert station.ledger.size() == 3
    assert station.ledger.verify_chain(_device_public_key(station)) == []
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        payloads = [json.loads(p) for (p,) in conn.execute("SELECT payload FROM ledger ORDER BY seq")]
    assert payloads[0]["prev"] == rec.GENESIS
    assert payloads[1]["prev"] == rec.digest(rec.canonical(payloads[0]))
    assert payloads[2]["type"] == "cancel" and payloads[2]["ref"] == first.record_id
    assert {p["device"] for p in payloads} == {station.signer.device_id}


def test_personal_details_stay_out_of_the_payload_but_are_bound_to_it(station):
    appended = _check_in(station.ledger, "manual:x", details={"name": "山田 太郎", "phone": "+819012345678"})
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        payload = conn.execute("SELECT payload FROM ledger WHERE seq = ?", (appended.seq,)).fetchone()[0]
    assert "山田" not in payload and "9012345678" not in payload
    details = station.ledger.details(appended.record_id)
    assert details["name"] == "山田 太郎" and len(details["salt"]) == 32
    assert json.loads(payload)["pii"] == rec.details_digest(details)


def test_the_file_refuses_to_change_or_lose_a_record(station):
    _check_in(station.ledger)
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE ledger SET day = '2026-01-01'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM ledger")


@pytest.mark.parametrize(
    "tamper, problem",
    [
        ("UPDATE ledger SET payload = replace(payload, 'demo-jichikai', 'demo-kusakari') WHERE seq = 2", "hash_mismatch"),
        ("DELETE FROM ledger WHERE seq = 2", "gap"),
    ],
)
def test_an_altered_or_missing_record_is_detected(station, tmp_path, tamper, problem):
    for n in range(3):
        _check_in(station.ledger, f"card:person{n:04d}")
    copy = tmp_path / "tampered.sqlite3"
    station.engine.dispose()
    shutil.copy(station.root / "station.sqlite3", copy)
    with sqlite3.connect(copy) as conn:
        # Someone with the file can drop the triggers; the chain still gives them away.
        conn.execute("DROP TRIGGER ledger_no_update")
        conn.execute("DROP TRIGGER ledger_no_delete")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(tamper)
        rows = [
            (seq, payload.encode(), digest, sig)
            for seq, payload, digest, sig in conn.execute("SELECT seq, payload, hash, sig FROM ledger ORDER BY seq")
        ]
    breaks = rec.verify_chain(rows, _device_public_key(station))
    assert problem in {b.problem for b in breaks}


def test_a_rewritten_and_rehashed_record_fails_its_signature(station):
    _check_in(station.ledger)
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        seq, payload, _digest, sig = conn.execute("SELECT seq, payload, hash, sig FROM ledger").fetchone()
    forged = payload.replace(DAY.isoformat(), (DAY - timedelta(days=1)).isoformat()).encode()
    breaks = rec.verify_chain([(seq, forged, rec.digest(forged), sig)], _device_public_key(station))
    assert [b.problem for b in breaks] == ["bad_signature"]


def test_one_active_check_in_per_person_activity_and_day(station):
    first = _check_in(station.ledger)
    with pytest.raises(DuplicateAttendance) as duplicate:
        _check_in(station.ledger)
    assert duplicate.value.existing_record_id == first.record_id
    # Another day, or another activity, is a new attendance.
    _check_in(station.ledger, day=DAY + timedelta(days=1))
    _check_in(station.ledger, activity="demo-yukioroshi")
    # Once cancelled, the person can be checked in again that day.
    station.ledger.cancel(first.record_id, reason="取消", at=NOW)
    _check_in(station.ledger)
    assert station.ledger.size() == 5


def test_correction_supersedes_and_cannot_create_a_duplicate(station):
    taro = _check_in(station.ledger, "manual:taro", details={"name": "山田 太朗"})
    hanako = _check_in(station.ledger, "manual:hanako", details={"name": "鈴木 花子"})
    corrected = station.ledger.correct(
        taro.record_id, person_key="manual:taro2", details={"name": "山田 太郎"}, reason="氏名の誤字", at=NOW
    )
    assert station.ledger.details(corrected.record_id)["name"] == "山田 太郎"
    with pytest.raises(NotFound):
        station.ledger.cancel(taro.record_id, reason="もう訂正済み", at=NOW)
    with pytest.raises(DuplicateAttendance):
        station.ledger.correct(corrected.record_id, person_key="manual:hanako", details=None, reason="x", at=NOW)
    assert hanako.seq == 2 and station.ledger.verify_chain() == []


def test_checkout_is_recorded_against_the_check_in(station):
    entry = _check_in(station.ledger)
    station.ledger.check_out(entry.record_id, at=NOW + timedelta(hours=3))
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        exit_at = conn.execute("SELECT exit_at FROM attendance WHERE record_id = ?", (entry.record_id,)).fetchone()[0]
        types = [t for (t,) in conn.execute("SELECT type FROM ledger ORDER BY seq")]
    assert exit_at.startswith((NOW + timedelta(hours=3)).isoformat()[:16])
    assert types == ["checkin", "checkout"]


def test_every_record_is_queued_for_sync_in_its_own_transaction(station):
    for n in range(4):
        _check_in(station.ledger, f"card:queued{n:03d}")
    with sqlite3.connect(station.root / "station.sqlite3") as conn:
        assert conn.execute("SELECT seq, state FROM outbox ORDER BY seq").fetchall() == [
            (n, "pending") for n in range(1, 5)
        ]


def test_unknown_records_cannot_be_changed(station):
    with pytest.raises(NotFound):
        station.ledger.cancel("no-such-record", reason="x", at=NOW)
