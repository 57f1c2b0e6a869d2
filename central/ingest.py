"""Ingestion rules 1–6 of docs/SYNC_PROTOCOL.md over one open transaction.

`ingest_batch` answers every record of a batch, in order, and writes what it accepts through the
connection it is given; the caller commits once for the whole batch. Because the record id is the
primary key of `records`, a batch whose commit happened but whose answer was lost gets `duplicate`
for every record on resend — never a second copy, never a second count.

Attendance: one row per (person, activity, day), with an evidence row for every accepted record that
supports it (check-ins and corrections, from any station). A cancel or correct record withdraws the
evidence of the record it refers to (same device only). An attendance counts while at least one of
its evidence rows is active, so the same person recorded by two stations counts once. A check-out
record of a multi-day stay (made on a later day than its check-in) gives the check-in's evidence its
last day (`exit_day`): the person was there every day in between (II-4-5, long stay). A hand-recorded
person is filed under the central's own identity when the record brings matching personal details
(`central.manual_identity`), since each station pseudonymises them with a secret of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from central import clock, manual_identity, proposed_activities, record_details
from central.store.db import insert_missing, insert_rows
from central.store.tables import activities, attendance, attendance_evidence, devices, records
from furusato import activity_proposal as proposal
from furusato import safe_json
from furusato.activity import JST
from furusato.keys import KeySet, KeySetError
from furusato.ledger_record import FORMAT_VERSION, RECORD_TYPES, canonical, digest, verify_detached

MAX_BATCH = 500
# A check-in payload is ~400 bytes of flat JSON, a proposed activity up to ~13 KB (2,000-character
# texts); anything far beyond is not a record of ours.
RECORD_PAYLOAD = safe_json.Limits(max_bytes=32 * 1024, max_depth=6, max_string=4096)
CLOCK_SKEW_SECONDS = 300
MAX_CLOCK_OFFSET_SECONDS = 10 * 366 * 86400  # stored as an integer column; beyond a decade it is no clock
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2199, 12, 31)  # days a record may be for
MAX_STAY_DAYS = 366  # a check-out later than this after its check-in is not a stay

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass
class _Device:
    id: str
    status: str
    public_key: Any
    last_seq: int
    last_hash: str
    lg_code: str
    designated_whole: bool
    key_x: str | None = None  # the enrolled key as stored, to notice a change between the two phases


@dataclass
class Prepared:
    """A batch checked without holding any lock: payloads parsed (within RECORD_PAYLOAD's limits) and
    signatures verified with the key the device had when the batch arrived. `apply` uses it inside
    the write transaction."""

    device_id: Any
    device: _Device | None
    items: list[tuple[Any, Any, bool]]  # (wire record, parsed payload or None, signature holds)


def clock_offset(station_time: str | None) -> int | None:
    """The station's clock (header X-Station-Time) minus ours, in whole seconds; None when not given
    or unreadable."""
    if not station_time:
        return None
    try:
        theirs = clock.parse(station_time.strip())
    except (ValueError, OverflowError):
        return None
    offset = round((theirs - clock.now()).total_seconds())
    return offset if abs(offset) <= MAX_CLOCK_OFFSET_SECONDS else None  # not a clock: an unreadable header


def skew_flag(station_time: str | None) -> bool:
    """True when the station's clock is more than 5 minutes off ours. An unreadable header is treated
    as a clock we cannot trust."""
    if not station_time:
        return False
    offset = clock_offset(station_time)
    return offset is None or abs(offset) > CLOCK_SKEW_SECONDS


def _load_device(conn: Connection, device_id: Any, *, lock: bool) -> _Device | None:
    if not isinstance(device_id, str):
        return None
    query = select(devices).where(devices.c.id == device_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        return None
    try:
        key = KeySet.from_jwks({"keys": [row.public_jwk]}).public_key(row.kid)
    except KeySetError:
        key = None
    return _Device(row.id, row.status, key, row.last_seq, row.last_hash, row.lg_code, bool(row.designated_whole),
                   (row.public_jwk or {}).get("x"))


def _well_formed(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    day, at = body.get("day"), body.get("at")
    if not isinstance(day, str) or not isinstance(at, str) or len(at) > 64:
        return False
    try:
        day, at = date.fromisoformat(day), datetime.fromisoformat(at)
    except ValueError:
        return False
    # Within these years no offset can push `at` out of the calendar, and no station's clock is
    # further off: a record of ours is not from any other day.
    if not (FIRST_DAY <= day <= LAST_DAY and FIRST_DAY.year <= at.year <= LAST_DAY.year):
        return False
    seq, record_type = body.get("seq"), body.get("type")
    for key in ("device", "prev", "id", "activity", "person"):
        value = body.get(key)
        if type(value) is not str or not value:
            return False
    return (
        body.get("v") == FORMAT_VERSION
        and len(body["id"]) <= 100 and len(body["activity"]) <= 100 and len(body["person"]) <= 200
        and type(seq) is int and seq >= 1
        and record_type in RECORD_TYPES
        and (body.get("pii") is None or isinstance(body.get("pii"), str))
        and (record_type not in ("cancel", "correct", "checkout") or isinstance(body.get("ref"), str))
    )


def _signed(wire: Any, public_key: Any) -> bool:
    return (
        public_key is not None and isinstance(wire, Mapping)
        and isinstance(wire.get("payload"), str) and isinstance(wire.get("sig"), str)
        and verify_detached(wire["payload"].encode("utf-8"), wire["sig"], public_key)
    )


def prepare(conn: Connection, device_id: Any, wire_records: Iterable[Any]) -> Prepared:
    """Parse and verify a batch: the CPU-bound half of ingestion, done before the write transaction
    so that other batches (other devices on PostgreSQL, other workers) are not held up by it."""
    device = _load_device(conn, device_id, lock=False)
    key = device.public_key if device is not None and device.status == "active" else None
    items = [(wire, _parse(wire), _signed(wire, key)) for wire in wire_records]
    return Prepared(device_id, device, items)


def apply(conn: Connection, prepared: Prepared, *, station_time: str | None = None) -> list[dict[str, Any]]:
    """Rules 1–6 over a prepared batch, inside the caller's write transaction. The device row is
    locked first (PostgreSQL: SELECT … FOR UPDATE; SQLite: the database's write lock), so one
    device's chain and sequence checks never interleave; a key that changed since `prepare` is
    verified again."""
    device = _load_device(conn, prepared.device_id, lock=True)
    items = prepared.items
    if device is not None and (prepared.device is None or device.key_x != prepared.device.key_x):
        items = [(wire, body, _signed(wire, device.public_key)) for wire, body, _ in items]
    batch = _Batch(conn, device, prepared.device_id, ["clock_skew"] if skew_flag(station_time) else [],
                   clock.iso())
    if device is not None and device.status == "active":
        batch.prefetch([body for _, body, _ in items])
    results = []
    for wire, body, signed in items:
        record_id, seq = _peek(body)
        status, reason, flags = batch.one(wire, body, signed)
        results.append({"id": record_id, "seq": seq, "status": status, "reason": reason, "flags": flags})
    batch.flush()
    if device is not None:
        # What the console's station list shows: when the device last sent, last got a record in, its clock.
        seen = {"last_seen_at": batch.received_at, "clock_offset_s": clock_offset(station_time)}
        if any(r["status"] in (ACCEPTED, DUPLICATE) for r in results):
            seen["last_sync_at"] = batch.received_at
        conn.execute(
            update(devices).where(devices.c.id == device.id)
            .values(last_seq=device.last_seq, last_hash=device.last_hash, **seen)
        )
    return results


def ingest_batch(
    conn: Connection,
    device_id: Any,
    wire_records: Iterable[Any],
    *,
    station_time: str | None = None,
) -> list[dict[str, Any]]:
    """`prepare` and `apply` in one transaction (bundles, tests)."""
    return apply(conn, prepare(conn, device_id, wire_records), station_time=station_time)


def _parse(wire: Any) -> Any:
    """The payload's JSON value when `wire` is a record-shaped object whose payload parses within
    the payload limits; else None."""
    if not isinstance(wire, Mapping) or not isinstance(wire.get("payload"), str):
        return None
    try:
        return safe_json.loads(wire["payload"], RECORD_PAYLOAD)
    except ValueError:
        return None


def _peek(body: Any) -> tuple[Any, Any]:
    """Best-effort id and seq for the answer, whatever else is wrong with the record."""
    if not isinstance(body, dict):
        return None, None
    record_id, seq = body.get("id"), body.get("seq")
    return (record_id if isinstance(record_id, str) else None,
            seq if isinstance(seq, int) and not isinstance(seq, bool) else None)


class _Batch:
    """One batch's records, answered in order. What the rules need from the database is read once
    per batch (stored hashes of the batch's record ids, the known activities); accepted records,
    attendance and evidence are written in bulk at `flush` (and before a cancel/correct record, whose
    withdrawal must see the evidence written before it)."""

    def __init__(self, conn: Connection, device: _Device | None, device_id: Any, batch_flags: list[str],
                 received_at: str) -> None:
        self.conn, self.device, self.device_id = conn, device, device_id
        self.batch_flags, self.received_at = batch_flags, received_at
        self.hashes: dict[str, str] = {}  # record id → hash, stored before or accepted in this batch
        self.activities: set[str] = set()
        self.new_records: list[dict[str, Any]] = []
        # (record id, attendance key, last day of the stay or None)
        self.new_evidence: list[tuple[str, tuple[str, str, str], str | None]] = []
        self._manual_key: bytes | None = None  # the central's pseudonym key, read when first needed

    def prefetch(self, bodies: list[Any]) -> None:
        ids = {b["id"] for b in bodies if isinstance(b, dict) and isinstance(b.get("id"), str)}
        names = {b["activity"] for b in bodies if isinstance(b, dict) and isinstance(b.get("activity"), str)}
        for chunk in _chunks(sorted(ids)):
            self.hashes.update(self.conn.execute(
                select(records.c.record_id, records.c.hash).where(records.c.record_id.in_(chunk))).all())
        for chunk in _chunks(sorted(names)):
            self.activities.update(self.conn.execute(
                select(activities.c.id).where(activities.c.id.in_(chunk))).scalars())

    def one(self, wire: Any, body: Any, signed: bool) -> tuple[str, str | None, list]:
        device = self.device
        # 1. the device
        if device is None:
            return REJECTED, "unknown_device", []
        if device.status != "active":
            return REJECTED, "device_revoked", []
        if not isinstance(wire, Mapping) or not isinstance(wire.get("payload"), str) \
                or not isinstance(wire.get("sig"), str):
            return REJECTED, "malformed", []
        payload = wire["payload"].encode("utf-8")
        # 2. the signature, by the key enrolled for this device (verified in `prepare`)
        if not signed:
            return REJECTED, "bad_signature", []
        if not _well_formed(body):
            return REJECTED, "malformed", []
        # 3. the batch's device
        if body["device"] != self.device_id:
            return REJECTED, "device_mismatch", []
        # 4. idempotency
        record_hash = digest(payload)
        stored = self.hashes.get(body["id"])
        if stored is not None:
            return (DUPLICATE, None, []) if stored == record_hash else (REJECTED, "conflict", [])
        # 5. the chain
        if body["seq"] > device.last_seq + 1:
            return REJECTED, "gap", []
        if body["seq"] <= device.last_seq or body["prev"] != device.last_hash:
            return REJECTED, "fork", []
        # 6. accepted: a signed, chain-valid record is always stored and always advances the chain.
        flags = list(self.batch_flags)
        details, plain = wire.get("details"), None
        if details is not None:
            plain = canonical(details) if isinstance(details, Mapping) else None
            if plain is None or digest(plain) != body.get("pii"):
                details = None  # not the details the record vouches for: dropped, the record kept and flagged
                flags.append("details_mismatch")
        if body["type"] == proposal.RECORD_TYPE:
            flags += proposed_activities.accept(self.conn, device.id, device.lg_code, device.designated_whole,
                                                body, self.activities)
        elif body["activity"] not in self.activities:
            flags.append("unknown_activity")
        self.new_records.append({
            "record_id": body["id"], "device_id": device.id, "seq": body["seq"], "hash": record_hash,
            "payload": wire["payload"], "sig": wire["sig"],
            "details": record_details.to_stored(self.conn, device.lg_code, body["id"], details, canonical=plain),
            "type": body["type"], "activity_id": body["activity"], "day": body["day"], "person": body["person"],
            "station_at": body["at"], "received_at": self.received_at, "flags": flags,
        })
        self.hashes[body["id"]] = record_hash
        device.last_seq, device.last_hash = body["seq"], record_hash
        self._project(body, self._person(body["person"], details))
        return ACCEPTED, None, flags

    def _person(self, person: str, details: Any) -> str:
        """Who the attendance is for: the station's ref, or for a hand-recorded person whose verified
        details came along, the central's own identity of them."""
        if manual_identity.name_and_birth(person, details) is None:
            return person
        if self._manual_key is None:
            self._manual_key = manual_identity.secret(self.conn)
        return manual_identity.central_person(person, details, self._manual_key)

    def _project(self, body: Mapping[str, Any], person: str) -> None:
        exit_day = None
        if body["type"] in ("cancel", "correct", "checkout"):
            self.flush()  # what follows must see every record and evidence written before this one
            referred = select(records.c.record_id).where(
                records.c.record_id == body["ref"], records.c.device_id == self.device.id
            )
            evidence = attendance_evidence.c.record_id.in_(referred)
            if body["type"] == "checkout":
                self._check_out(body, evidence)
                return
            # A correction carries the stay of the check-in it replaces.
            exit_day = self.conn.execute(select(attendance_evidence.c.exit_day).where(evidence)).scalar()
            self.conn.execute(
                update(attendance_evidence)
                .where(evidence, attendance_evidence.c.active.is_(True))
                .values(active=False, withdrawn_by=body["id"])
            )
        if body["type"] in ("checkin", "correct"):
            self.new_evidence.append((body["id"], (person, body["activity"], body["day"]), exit_day))

    def _check_out(self, body: Mapping[str, Any], evidence) -> None:
        """A multi-day stay: the check-out's day (Japan time) becomes the last day of the check-in it
        names (same device), when it is after the check-in's day and within MAX_STAY_DAYS of it."""
        left = clock.parse(body["at"]).astimezone(JST).date()
        day = date.fromisoformat(body["day"])
        if not day < left <= day + timedelta(days=MAX_STAY_DAYS):
            return
        self.conn.execute(update(attendance_evidence).where(evidence).values(exit_day=left.isoformat()))

    def flush(self) -> None:
        if self.new_records:
            insert_rows(self.conn, records, self.new_records)
            self.new_records = []
        if self.new_evidence:
            first: dict[tuple[str, str, str], str] = {}
            for record_id, key, _ in self.new_evidence:
                first.setdefault(key, record_id)
            ids = _attendance_ids(self.conn, first)
            insert_rows(self.conn, attendance_evidence, [
                {"record_id": record_id, "attendance_id": ids[key], "active": True, "exit_day": exit_day}
                for record_id, key, exit_day in self.new_evidence
            ])
            self.new_evidence = []


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _find_attendance(conn: Connection, keys) -> dict[tuple[str, str, str], int]:
    """The ids of the attendance rows with these (person, activity, day) keys: three IN lists over the
    columns of the unique index (both databases walk the index with them), so the cost follows the
    batch, not the people's history; the few rows that match the lists but not a key are dropped."""
    found: dict[tuple[str, str, str], int] = {}
    wanted = set(keys)
    for chunk in _chunks(sorted(wanted), 300):
        rows = conn.execute(
            select(attendance.c.id, attendance.c.person, attendance.c.activity_id, attendance.c.day)
            .where(attendance.c.person.in_({k[0] for k in chunk}),
                   attendance.c.activity_id.in_({k[1] for k in chunk}),
                   attendance.c.day.in_({k[2] for k in chunk}))
        )
        for row in rows:
            key = (row.person, row.activity_id, row.day)
            if key in wanted:
                found[key] = row.id
    return found


def _attendance_ids(conn: Connection, first: Mapping[tuple[str, str, str], str]) -> dict[tuple[str, str, str], int]:
    """The attendance row id for every (person, activity, day) key, creating the missing rows (with the
    record that first supports them). Another device's batch may create the same row concurrently on
    PostgreSQL: the insert does nothing on conflict and the row is read back."""
    ids = _find_attendance(conn, first)
    # In key order: two devices' batches creating overlapping rows on PostgreSQL then wait for each
    # other in one direction only, never in a cycle (a deadlock).
    missing = [
        {"person": k[0], "activity_id": k[1], "day": k[2], "first_record_id": first[k]}
        for k in sorted(first) if k not in ids
    ]
    if missing:
        columns = (attendance.c.id, attendance.c.person, attendance.c.activity_id, attendance.c.day)
        for row in insert_missing(conn, attendance, missing, returning=columns):
            ids[(row.person, row.activity_id, row.day)] = row.id
        taken_meanwhile = [k for k in first if k not in ids]
        if taken_meanwhile:
            ids.update(_find_attendance(conn, taken_meanwhile))
    return ids
