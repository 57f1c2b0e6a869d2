"""The append-only attendance ledger and the projection that answers "who is checked in".

Every change is a new signed record in one write transaction together with its projection row,
its personal details, their search-index rows and its outbox entry: after a crash either all of
them exist or none does. The write path speaks SQL to the driver's connection directly (same
pragmas, same durability): at a few hundred microseconds a check-in, SQLAlchemy's per-statement
work was more than half of the commit.
A correction or cancellation refers to the record it changes; nothing is ever rewritten.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select

from desktop.store import search_index
from desktop.store.db import raw_write_transaction
from desktop.store.search_index import SearchIndex
from desktop.store.tables import ledger, personal_details
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
    search_rows: list[tuple[int, int, int]]  # (token, ord, seq) for details_search


@dataclass(frozen=True)
class Signer:
    device_id: str
    kid: str
    private_key: Any


# The write path's statements, executed on the driver's connection (db.raw_write_transaction):
# plain SQL with the partial index's own literal, so SQLite can use `ux_attendance_active`.
_TAIL = "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1"
_ACTIVE = ("SELECT record_id FROM attendance "
           "WHERE activity_id = ? AND day = ? AND person_key = ? AND status = 'active'")
_PROJECTION = ("SELECT record_id, activity_id, day, person_key, entry_at, exit_at, status "
               "FROM attendance WHERE record_id = ?")
_INSERT_LEDGER = ("INSERT INTO ledger (seq, record_id, type, activity_id, day, person_key, recorded_at, "
                  "payload, hash, sig) VALUES (:seq, :record_id, :type, :activity_id, :day, :person_key, "
                  ":recorded_at, :payload, :hash, :sig)")
_INSERT_DETAILS = "INSERT INTO personal_details (record_id, details) VALUES (:record_id, :details)"
_INSERT_OUTBOX = "INSERT INTO outbox (seq, state, attempts) VALUES (:seq, :state, :attempts)"
_INSERT_ATTENDANCE = ("INSERT INTO attendance (record_id, activity_id, day, person_key, entry_at, exit_at, "
                      "status) VALUES (?, ?, ?, ?, ?, ?, 'active')")


# How personal details become the stored text and back: (seal(data, record_id), unseal(stored, record_id)).
# The record id goes in as associated data, so an encrypted blob cannot be moved to another record.
DetailsCodec = tuple[Callable[[bytes, str], str], Callable[[str, str], bytes]]
PLAIN: DetailsCodec = (lambda data, _id: data.decode("utf-8"), lambda stored, _id: stored.encode("utf-8"))


class Ledger:
    def __init__(self, engine: Engine, signer: Signer, details_codec: DetailsCodec = PLAIN,
                 search: SearchIndex | None = None):
        """`search`: the keyed index the details of new records go into (none: not searchable)."""
        self._engine = engine
        self._signer = signer
        self._seal, self._unseal = details_codec
        self.search = search

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
        day_text = day.isoformat()
        with raw_write_transaction(self._engine) as db:
            existing = db.execute(_ACTIVE, (activity_id, day_text, person_key)).fetchone()
            if existing is not None:
                raise DuplicateAttendance(existing[0])
            appended = self._append(db, "checkin", activity_id, day, at, person_key, details, extra)
            db.execute(_INSERT_ATTENDANCE, (appended.record_id, activity_id, day_text, person_key,
                                            at.isoformat(), None))
        return appended

    def propose_activity(
        self, *, activity_row: Mapping[str, Any], definition: Mapping[str, Any], day: date, at: datetime,
        person_key: str,
    ) -> Appended:
        """An activity made at this station: its signed `activity` record and its catalogue row, together."""
        columns = list(activity_row)
        insert_activity = (f"INSERT INTO activities ({', '.join(columns)}) "
                           f"VALUES ({', '.join(':' + c for c in columns)})")
        with raw_write_transaction(self._engine) as db:
            appended = self._append(
                db, "activity", activity_row["id"], day, at, person_key, None, {"def": dict(definition)}
            )
            db.execute(insert_activity, dict(activity_row))
        return appended

    def check_out(self, record_id: str, *, at: datetime) -> Appended:
        with raw_write_transaction(self._engine) as db:
            row = self._projection(db, record_id)
            appended = self._append(
                db, "checkout", row["activity_id"], date.fromisoformat(row["day"]), at, row["person_key"],
                None, {"ref": record_id},
            )
            db.execute("UPDATE attendance SET exit_at = ? WHERE record_id = ?", (at.isoformat(), record_id))
        return appended

    def cancel(self, record_id: str, *, reason: str, at: datetime) -> Appended:
        with raw_write_transaction(self._engine) as db:
            row = self._projection(db, record_id)
            appended = self._append(
                db, "cancel", row["activity_id"], date.fromisoformat(row["day"]), at, row["person_key"],
                None, {"ref": record_id, "reason": reason},
            )
            db.execute("UPDATE attendance SET status = 'cancelled', changed_by = ?, reason = ? WHERE record_id = ?",
                       (appended.record_id, reason, record_id))
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
        with raw_write_transaction(self._engine) as db:
            row = self._projection(db, record_id)
            other = db.execute(_ACTIVE, (row["activity_id"], row["day"], person_key)).fetchone()
            if other is not None and other[0] != record_id:
                raise DuplicateAttendance(other[0])
            appended = self._append(
                db, "correct", row["activity_id"], date.fromisoformat(row["day"]), at, person_key,
                details, {"ref": record_id, "reason": reason}, entry_at=datetime.fromisoformat(row["entry_at"]),
            )
            db.execute("UPDATE attendance SET status = 'corrected', changed_by = ?, reason = ? WHERE record_id = ?",
                       (appended.record_id, reason, record_id))
            db.execute(_INSERT_ATTENDANCE, (appended.record_id, row["activity_id"], row["day"], person_key,
                                            row["entry_at"], row["exit_at"]))
        return appended

    def _append(
        self,
        db: sqlite3.Connection,
        record_type: str,
        activity_id: str,
        day: date,
        at: datetime,
        person_key: str,
        details: Mapping[str, Any] | None,
        extra: Mapping[str, Any] | None,
        *,
        entry_at: datetime | None = None,
    ) -> Appended:
        """Any record type: the next signed link of the chain, its details, its index rows, its outbox row.

        `entry_at`: when the check-in the details belong to began, if not `at` (a correction)."""
        tail = db.execute(_TAIL).fetchone()
        seq, prev = (tail[0] + 1, tail[1]) if tail else (1, rec.GENESIS)
        prepared = self.prepare(seq, prev, record_type, activity_id, day, at, person_key, details, extra,
                                entry_at=entry_at)
        db.execute(_INSERT_LEDGER, prepared.ledger_row)
        if prepared.details_row is not None:
            db.execute(_INSERT_DETAILS, prepared.details_row)
        if prepared.search_rows:
            db.executemany(search_index.INSERT_SQL, prepared.search_rows)
        db.execute(_INSERT_OUTBOX, prepared.outbox_row)
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
        *,
        entry_at: datetime | None = None,
    ) -> Prepared:
        """Build, hash and sign one record after (seq - 1, prev) without touching the database."""
        record_id = str(uuid.uuid4())
        sealed = pii = None
        if details is not None:
            # The salt keeps the digest in the payload from confirming a guessed name and birth date.
            encoded = rec.canonical({**details, "salt": secrets.token_hex(16)})
            pii = rec.digest(encoded)  # = rec.details_digest of the salted details, encoded once
            sealed = self._seal(encoded, record_id)
        day_text, at_text = day.isoformat(), at.isoformat()
        body = {
            "v": rec.FORMAT_VERSION,
            "device": self._signer.device_id,
            "seq": seq,
            "prev": prev,
            "id": record_id,
            "type": record_type,
            "activity": activity_id,
            "day": day_text,
            "at": at_text,
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
            "day": day_text,
            "person_key": person_key,
            "recorded_at": at_text,
            "payload": payload.decode("utf-8"),
            "hash": digest,
            "sig": rec.sign_detached(payload, self._signer.private_key, self._signer.kid),
        }
        return Prepared(
            Appended(record_id, seq, digest),
            ledger_row,
            None if sealed is None else {"record_id": record_id, "details": sealed},
            {"seq": seq, "state": "pending", "attempts": 0},
            [] if self.search is None else self.search.rows(details, person_key, activity_id, entry_at or at, seq),
        )

    @staticmethod
    def _projection(db: sqlite3.Connection, record_id: str) -> sqlite3.Row:
        cursor = db.cursor()
        cursor.row_factory = sqlite3.Row
        row = cursor.execute(_PROJECTION, (record_id,)).fetchone()
        if row is None:
            raise NotFound(record_id)
        if row["status"] != "active":
            raise NotFound(f"{record_id} is {row['status']}")
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
