"""Ingestion rules 1–7 of docs/SYNC_PROTOCOL.md over one open transaction.

`ingest_batch` answers every record of a batch, in order, and writes what it accepts through the
connection it is given; the caller commits once for the whole batch. Because the record id is the
primary key of `records`, a batch whose commit happened but whose answer was lost gets `duplicate`
for every record on resend — never a second copy, never a second count.

Attendance: one row per (person, activity, day), with an evidence row for every accepted record that
supports it (check-ins and corrections, from any station). A cancel or correct record withdraws the
evidence of the record it refers to (same device only). An attendance counts while at least one of
its evidence rows is active, so the same person recorded by two stations counts once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from central import clock
from central.store.tables import activities, attendance, attendance_evidence, devices, records
from furusato.keys import KeySet, KeySetError
from furusato.ledger_record import FORMAT_VERSION, RECORD_TYPES, details_digest, digest, verify_detached

MAX_BATCH = 500
CLOCK_SKEW_SECONDS = 300

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass
class _Device:
    id: str
    status: str
    public_key: Any
    last_seq: int
    last_hash: str


def skew_flag(station_time: str | None) -> bool:
    """True when the station's clock (header X-Station-Time) is more than 5 minutes off ours.
    An unreadable header is treated as a clock we cannot trust."""
    if not station_time:
        return False
    try:
        theirs = clock.parse(station_time.strip())
    except ValueError:
        return True
    return abs((theirs - clock.now()).total_seconds()) > CLOCK_SKEW_SECONDS


def _load_device(conn: Connection, device_id: Any) -> _Device | None:
    if not isinstance(device_id, str):
        return None
    row = conn.execute(select(devices).where(devices.c.id == device_id).with_for_update()).first()
    if row is None:
        return None
    try:
        key = KeySet.from_jwks({"keys": [row.public_jwk]}).public_key(row.kid)
    except KeySetError:
        key = None
    return _Device(row.id, row.status, key, row.last_seq, row.last_hash)


def _peek(wire: Any) -> tuple[Any, Any]:
    """Best-effort id and seq for the answer, whatever else is wrong with the record."""
    try:
        body = json.loads(wire["payload"])
        return body.get("id"), body.get("seq")
    except Exception:  # noqa: BLE001 — only for labelling the answer
        return None, None


def _well_formed(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    try:
        date.fromisoformat(body["day"])
        clock.parse(body["at"])
    except (KeyError, TypeError, ValueError):
        return False
    seq = body.get("seq")
    return (
        body.get("v") == FORMAT_VERSION
        and all(isinstance(body.get(k), str) and body.get(k) for k in ("device", "prev", "id", "activity", "person"))
        and len(body["id"]) <= 100 and len(body["activity"]) <= 100 and len(body["person"]) <= 200
        and isinstance(seq, int) and not isinstance(seq, bool) and seq >= 1
        and body.get("type") in RECORD_TYPES
        and (body.get("pii") is None or isinstance(body.get("pii"), str))
        and (body["type"] not in ("cancel", "correct") or isinstance(body.get("ref"), str))
    )


def ingest_batch(
    conn: Connection,
    device_id: Any,
    wire_records: Iterable[Any],
    *,
    station_time: str | None = None,
) -> list[dict[str, Any]]:
    device = _load_device(conn, device_id)
    batch_flags = ["clock_skew"] if skew_flag(station_time) else []
    received_at = clock.iso()
    results = []
    for wire in wire_records:
        record_id, seq = _peek(wire)
        status, reason, flags = _one(conn, device, device_id, wire, batch_flags, received_at)
        results.append({"id": record_id, "seq": seq, "status": status, "reason": reason, "flags": flags})
    if device is not None:
        conn.execute(
            update(devices).where(devices.c.id == device.id).values(last_seq=device.last_seq, last_hash=device.last_hash)
        )
    return results


def _one(conn, device: _Device | None, device_id, wire, batch_flags, received_at) -> tuple[str, str | None, list]:
    # 1. the device
    if device is None:
        return REJECTED, "unknown_device", []
    if device.status != "active":
        return REJECTED, "device_revoked", []
    if not isinstance(wire, Mapping) or not isinstance(wire.get("payload"), str) or not isinstance(wire.get("sig"), str):
        return REJECTED, "malformed", []
    payload = wire["payload"].encode("utf-8")
    # 2. the signature, by the key enrolled for this device
    if device.public_key is None or not verify_detached(payload, wire["sig"], device.public_key):
        return REJECTED, "bad_signature", []
    try:
        body = json.loads(payload)
    except ValueError:
        body = None
    if not _well_formed(body):
        return REJECTED, "malformed", []
    # 3. the batch's device
    if body["device"] != device_id:
        return REJECTED, "device_mismatch", []
    # 4. idempotency
    record_hash = digest(payload)
    stored = conn.execute(select(records.c.hash).where(records.c.record_id == body["id"])).first()
    if stored is not None:
        return (DUPLICATE, None, []) if stored.hash == record_hash else (REJECTED, "conflict", [])
    # 5. the chain
    if body["seq"] > device.last_seq + 1:
        return REJECTED, "gap", []
    if body["seq"] <= device.last_seq or body["prev"] != device.last_hash:
        return REJECTED, "fork", []
    # 6. personal details
    details = wire.get("details")
    if details is not None and (
        not isinstance(details, Mapping) or details_digest(details) != body.get("pii")
    ):
        return REJECTED, "details_mismatch", []
    # 7. accepted
    flags = list(batch_flags)
    if conn.execute(select(activities.c.id).where(activities.c.id == body["activity"])).first() is None:
        flags.append("unknown_activity")
    conn.execute(
        insert(records).values(
            record_id=body["id"], device_id=device.id, seq=body["seq"], hash=record_hash,
            payload=wire["payload"], sig=wire["sig"], details=dict(details) if details is not None else None,
            type=body["type"], activity_id=body["activity"], day=body["day"], person=body["person"],
            station_at=body["at"], received_at=received_at, flags=flags,
        )
    )
    device.last_seq, device.last_hash = body["seq"], record_hash
    _project(conn, device.id, body)
    return ACCEPTED, None, flags


def _project(conn: Connection, device_id: str, body: Mapping[str, Any]) -> None:
    if body["type"] in ("cancel", "correct"):
        referred = select(records.c.record_id).where(
            records.c.record_id == body["ref"], records.c.device_id == device_id
        )
        conn.execute(
            update(attendance_evidence)
            .where(attendance_evidence.c.record_id.in_(referred), attendance_evidence.c.active.is_(True))
            .values(active=False, withdrawn_by=body["id"])
        )
    if body["type"] in ("checkin", "correct"):
        attendance_id = _attendance_id(conn, body["person"], body["activity"], body["day"], body["id"])
        conn.execute(
            insert(attendance_evidence).values(record_id=body["id"], attendance_id=attendance_id, active=True)
        )


def _attendance_id(conn: Connection, person: str, activity_id: str, day: str, record_id: str) -> int:
    where = (attendance.c.person == person, attendance.c.activity_id == activity_id, attendance.c.day == day)
    found = conn.execute(select(attendance.c.id).where(*where)).scalar()
    if found is not None:
        return found
    try:
        # A savepoint: on PostgreSQL another device's batch may insert the same row concurrently.
        with conn.begin_nested():
            conn.execute(
                insert(attendance).values(person=person, activity_id=activity_id, day=day, first_record_id=record_id)
            )
    except IntegrityError:
        pass
    return conn.execute(select(attendance.c.id).where(*where)).scalar_one()
