"""Binding a station to a local government with a one-time enrollment code.

A code is single-use. The one retry that must still work is the station's own: if the answer to a
successful enrolment was lost, the same device with the same key presenting the same code again
gets the same answer instead of `code_used` (otherwise a cut connection would strand it).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.store.tables import devices, enrollment_codes, local_governments
from furusato.keys import KeySet, KeySetError
from furusato.ledger_record import GENESIS

DEFAULT_CODE_DAYS = 7
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed by hand from a sheet of paper


class EnrollmentError(Exception):
    def __init__(self, status: int, error: str, message: str = ""):
        super().__init__(message or error)
        self.status, self.error = status, error


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    lg_code: str
    lg_name: str


def new_code(conn: Connection, lg_code: str, *, days: int = DEFAULT_CODE_DAYS) -> dict[str, Any]:
    if conn.execute(select(local_governments.c.code).where(local_governments.c.code == lg_code)).first() is None:
        raise LookupError(f"unknown local government {lg_code}; add it with add-lg first")
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    created = clock.now()
    expires = created + timedelta(days=days)
    conn.execute(
        insert(enrollment_codes).values(
            code=code, lg_code=lg_code, created_at=clock.iso(created), expires_at=clock.iso(expires)
        )
    )
    return {"code": code, "lg": lg_code, "expires_at": clock.iso(expires)}


def _check_jwk(public_jwk: Any) -> str:
    try:
        keyset = KeySet.from_jwks({"keys": [public_jwk]})
    except KeySetError as exc:
        raise EnrollmentError(400, "bad_public_jwk", str(exc)) from None
    return keyset.kids[0]


def enroll(conn: Connection, code: str, device_id: str, public_jwk: Any, label: str = "") -> Enrolled:
    if not isinstance(device_id, str) or not 1 <= len(device_id) <= 100:
        raise EnrollmentError(400, "bad_device_id")
    kid = _check_jwk(public_jwk)
    row = conn.execute(
        select(enrollment_codes).where(enrollment_codes.c.code == code.strip().upper()).with_for_update()
    ).first()
    if row is None:
        raise EnrollmentError(404, "unknown_code")
    lg = conn.execute(select(local_governments).where(local_governments.c.code == row.lg_code)).one()
    if row.used_at is not None:
        existing = conn.execute(select(devices).where(devices.c.id == device_id)).first()
        if row.used_by == device_id and existing is not None and existing.public_jwk.get("x") == public_jwk.get("x"):
            return Enrolled(device_id, lg.code, lg.name)  # the station's retry of its own enrolment
        raise EnrollmentError(409, "code_used")
    if clock.parse(row.expires_at) <= clock.now():
        raise EnrollmentError(410, "code_expired")
    if conn.execute(select(devices.c.id).where(devices.c.id == device_id)).first() is not None:
        raise EnrollmentError(409, "device_exists")
    now = clock.iso()
    jwk = {k: public_jwk[k] for k in ("kty", "crv", "x", "kid")}
    conn.execute(
        insert(devices).values(
            id=device_id, kid=kid, public_jwk=jwk, lg_code=lg.code, label=label or "", status="active",
            last_seq=0, last_hash=GENESIS, enrolled_at=now,
        )
    )
    conn.execute(
        update(enrollment_codes).where(enrollment_codes.c.code == row.code).values(used_at=now, used_by=device_id)
    )
    return Enrolled(device_id, lg.code, lg.name)
