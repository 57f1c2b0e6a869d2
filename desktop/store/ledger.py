"""The append-only attendance ledger and the projection that answers "who is checked in".

Every change is a new signed record in one write transaction together with its projection row,
its personal details and its outbox entry: after a crash either all of them exist or none does.
A correction or cancellation refers to the record it changes; nothing is ever rewritten.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from desktop.store.tables import activities, attendance, ledger, outbox, personal_details
from furusato import ledger_record as rec


class DuplicateAttendance(Exception):
    def __init__(self, existing_record_id: str):
        super().__init__(existing_record_id)
        self.existing_record_id = existing_record_id


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class Appended:
    record_id: str
    seq: int
    hash: str


@dataclass(frozen=True)
class Prepared:
    appended: Appended
    ledger_row: dict[str, Any]
    details_row: dict[str, Any] | None
    outbox_row: dict[str, Any]


@dataclass(frozen=True)
class Signer:
    device_id: str
    kid: str
    private_key: Any


# Statements built once: SQLAlchemy caches their compiled form, which matters on the scan path.
_TAIL = select(ledger.c.seq, ledger.c.hash).order_by(ledger.c.seq.desc()).limit(1)
_ACTIVE = select(attendance.c.record_id).where(
    attendance.c.activity_id == bindparam("activity_id"),
    attendance.c.day == bindparam("day"),
    attendance.c.person_key == bindparam("person_key"),
    attendance.c.status == "active",
)
_INSERT_LEDGER = insert(ledger)
_INSERT_DETAILS = insert(personal_details)
_INSERT_OUTBOX = insert(outbox)

# How personal details become the stored text and back: (seal(data, record_id), unseal(stored, record_id)).
# The record id goes in as associated data, so an encrypted blob cannot be moved to another record.
DetailsCodec = tuple[Callable[[bytes, str], str], Callable[[str, str], bytes]]
PLAIN: DetailsCodec = (lambda data, _id: data.decode("utf-8"), lambda stored, _id: stored.encode("utf-8"))


class Ledger:
    def __init__(self, engine: Engine, signer: Signer, details_codec: DetailsCodec = PLAIN):
        self._engine = engine
        self._signer = signer
        self._seal, self._unseal = details_codec

    # --- writing -------------------------------------------------------------------------------

    def check_in(
        self,
        *,
        activity_id: str,
        day: date,
        at: datetime,
        person_key: str,
        details: Mapping[str, Any] | None,
        extra: Mapping[str, Any] | None = None,
    ) -> Appended:
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            existing = self._active_record(conn, activity_id, day.isoformat(), person_key)
            if existing is not None:
                raise DuplicateAttendance(existing)
            appended = self._append(conn, "checkin", activity_id, day, at, person_key, details, extra)
            conn.execute(
                insert(attendance).values(
                    record_id=appended.record_id,
                    activity_id=activity_id,
                    day=day.isoformat(),
                    person_key=person_key,
                    entry_at=at.isoformat(),
                    status="active",
                )
            )
        return appended

    def propose_activity(
        self, *, activity_row: Mapping[str, Any], definition: Mapping[str, Any], day: date, at: datetime,
        person_key: str,
    ) -> Appended:
        """An activity made at this station: its signed `activity` record and its catalogue row, together."""
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            appended = self._append(
                conn, "activity", activity_row["id"], day, at, person_key, None, {"def": dict(definition)}
            )
            conn.execute(insert(activities).values(**activity_row))
        return appended

    def check_out(self, record_id: str, *, at: datetime) -> Appended:
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            row = self._projection(conn, record_id)
            appended = self._append(
                conn, "checkout", row.activity_id, date.fromisoformat(row.day), at, row.person_key,
                None, {"ref": record_id},
            )
            conn.execute(
                update(attendance).where(attendance.c.record_id == record_id).values(exit_at=at.isoformat())
            )
        return appended

    def cancel(self, record_id: str, *, reason: str, at: datetime) -> Appended:
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            row = self._projection(conn, record_id)
            appended = self._append(
                conn, "cancel", row.activity_id, date.fromisoformat(row.day), at, row.person_key,
                None, {"ref": record_id, "reason": reason},
            )
            conn.execute(
                update(attendance)
                .where(attendance.c.record_id == record_id)
                .values(status="cancelled", changed_by=appended.record_id, reason=reason)
            )
        return appended

    def correct(
        self,
        record_id: str,
        *,
        person_key: str,
        details: Mapping[str, Any] | None,
        reason: str,
        at: datetime,
    ) -> Appended:
        """Replace a check-in's person details; the old entry stays visible as corrected."""
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            row = self._projection(conn, record_id)
            other = self._active_record(conn, row.activity_id, row.day, person_key)
            if other is not None and other != record_id:
                raise DuplicateAttendance(other)
            appended = self._append(
                conn, "correct", row.activity_id, date.fromisoformat(row.day), at, person_key,
                details, {"ref": record_id, "reason": reason},
            )
            conn.execute(
                update(attendance)
                .where(attendance.c.record_id == record_id)
                .values(status="corrected", changed_by=appended.record_id, reason=reason)
            )
            conn.execute(
                insert(attendance).values(
                    record_id=appended.record_id,
                    activity_id=row.activity_id,
                    day=row.day,
                    person_key=person_key,
                    entry_at=row.entry_at,
                    exit_at=row.exit_at,
                    status="active",
                )
            )
        return appended

    def _append(
        self,
        conn: Connection,
        record_type: str,
        activity_id: str,
        day: date,
        at: datetime,
        person_key: str,
        details: Mapping[str, Any] | None,
        extra: Mapping[str, Any] | None,
    ) -> Appended:
        tail = conn.execute(_TAIL).first()
        seq, prev = (tail.seq + 1, tail.hash) if tail else (1, rec.GENESIS)
        prepared = self.prepare(seq, prev, record_type, activity_id, day, at, person_key, details, extra)
        conn.execute(_INSERT_LEDGER, prepared.ledger_row)
        if prepared.details_row is not None:
            conn.execute(_INSERT_DETAILS, prepared.details_row)
        conn.execute(_INSERT_OUTBOX, prepared.outbox_row)
        return prepared.appended

    def prepare(
        self,
        seq: int,
        prev: str,
        record_type: str,
        activity_id: str,
        day: date,
        at: datetime,
        person_key: str,
        details: Mapping[str, Any] | None,
        extra: Mapping[str, Any] | None,
    ) -> Prepared:
        """Build, hash and sign one record after (seq - 1, prev) without touching the database."""
        record_id = str(uuid.uuid4())
        sealed = pii = None
        if details is not None:
            # The salt keeps the digest in the payload from confirming a guessed name and birth date.
            salted = {**details, "salt": secrets.token_hex(16)}
            pii = rec.details_digest(salted)
            sealed = self._seal(rec.canonical(salted), record_id)
        body = {
            "v": rec.FORMAT_VERSION,
            "device": self._signer.device_id,
            "seq": seq,
            "prev": prev,
            "id": record_id,
            "type": record_type,
            "activity": activity_id,
            "day": day.isoformat(),
            "at": at.isoformat(),
            "person": person_key,
            "pii": pii,
            **(extra or {}),
        }
        payload = rec.canonical(body)
        digest = rec.digest(payload)
        ledger_row = {
            "seq": seq,
            "record_id": record_id,
            "type": record_type,
            "activity_id": activity_id,
            "day": day.isoformat(),
            "person_key": person_key,
            "recorded_at": at.isoformat(),
            "payload": payload.decode("utf-8"),
            "hash": digest,
            "sig": rec.sign_detached(payload, self._signer.private_key, self._signer.kid),
        }
        return Prepared(
            Appended(record_id, seq, digest),
            ledger_row,
            None if sealed is None else {"record_id": record_id, "details": sealed},
            {"seq": seq, "state": "pending", "attempts": 0},
        )

    @staticmethod
    def _active_record(conn: Connection, activity_id: str, day: str, person_key: str) -> str | None:
        return conn.execute(_ACTIVE, {"activity_id": activity_id, "day": day, "person_key": person_key}).scalar()

    @staticmethod
    def _projection(conn: Connection, record_id: str):
        row = conn.execute(select(attendance).where(attendance.c.record_id == record_id)).first()
        if row is None:
            raise NotFound(record_id)
        if row.status != "active":
            raise NotFound(f"{record_id} is {row.status}")
        return row

    # --- reading -------------------------------------------------------------------------------

    def details(self, record_id: str) -> dict | None:
        with self._engine.connect() as conn:
            stored = conn.execute(
                select(personal_details.c.details).where(personal_details.c.record_id == record_id)
            ).scalar()
        return self.unseal(stored, record_id)

    def unseal(self, stored: str | None, record_id: str) -> dict | None:
        return None if stored is None else json.loads(self._unseal(stored, record_id))

    def size(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(ledger)).scalar_one()

    def verify_chain(self, public_key=None) -> list[rec.ChainBreak]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(ledger.c.seq, ledger.c.payload, ledger.c.hash, ledger.c.sig).order_by(ledger.c.seq)
            )
            return rec.verify_chain(
                ((r.seq, r.payload.encode("utf-8"), r.hash, r.sig) for r in rows), public_key
            )
