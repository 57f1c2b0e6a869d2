"""The central's own identity for a hand-recorded person, so two stations' records of one person
are one person here.

A station files a hand-recorded person under `manual:` + an HMAC keyed with its own secret
(`furusato.manual_record.person_key`), so the same person recorded by two stations arrives under two
refs. When a record brings the personal details it vouches for (their digest matched `pii`), the
central computes the same function over the same normalised name and birth date with a secret of its
own, kept in `central_secrets` (wrapped under the master key, `central/vault.py`) and made on first
use: one person, one identity, whichever station
recorded them. The attendance projection uses that identity; the record row keeps the station's ref.
Without details (never sent, purged on the station, or dropped as `details_mismatch`), or with details
that carry no usable name and birth date, the station's ref stays the identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from central import central_secrets
from furusato.manual_record import person_key
from furusato.textnorm import name_identity

SECRET_NAME = "manual-person/v1"
MANUAL_PREFIX = "manual:"


def secret(conn: Connection) -> bytes:
    """The central's pseudonym key, created once."""
    return central_secrets.named(conn, SECRET_NAME)


def name_and_birth(person: str, details: Any) -> tuple[str, date] | None:
    """The identifying pair of a hand-recorded person's details, or None when there is none to use."""
    if not person.startswith(MANUAL_PREFIX) or not isinstance(details, Mapping):
        return None
    name, born = details.get("name"), details.get("birth_date")
    if not isinstance(name, str) or not isinstance(born, str) or not name_identity(name):
        return None
    try:
        return name, date.fromisoformat(born)
    except ValueError:
        return None


def central_person(person: str, details: Any, key: bytes) -> str:
    pair = name_and_birth(person, details)
    return person if pair is None else person_key(pair[0], pair[1], key)
