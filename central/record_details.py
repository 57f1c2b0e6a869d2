"""How a record's personal details are kept in `records.details` and read back.

Everything that writes or reads them goes through here (ingestion, the staff console, exports), so the
way they are protected at rest lives in one place: sealed with AES-256-GCM under the data key of the
sending station's local government, the record id bound as associated data (`central/vault.py`).
A row written before sealing existed (a plain JSON object) is still read until `vault.seal_existing`
has sealed it, which `open_engine` runs once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from central import vault


def to_stored(conn: Connection, lg_code: str, record_id: str, details: Mapping[str, Any] | None, *,
              canonical: bytes | None = None) -> Any:
    """The column value for `details` of record `record_id` sent by a station of `lg_code`.
    `canonical`: the details' canonical JSON when the caller has it already (ingestion hashed it)."""
    if details is None:
        return None
    return vault.of(conn).seal_details(conn, lg_code, record_id, details, plain=canonical)


def from_stored(conn: Connection, record_id: str, stored: Any) -> dict[str, Any] | None:
    """The personal details of record `record_id` from its column value, or None (never sent, purged).
    Raises `vault.VaultError` for a sealed value that does not open (altered, or moved from another
    record)."""
    if isinstance(stored, str):
        return vault.of(conn).open_details(conn, record_id, stored)
    return dict(stored) if isinstance(stored, Mapping) else None
