"""How a record's personal details are kept in `records.details` and read back.

Everything that writes or reads them goes through here (ingestion, the staff console, exports), so the
way they are protected at rest can change in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection


def to_stored(conn: Connection, lg_code: str, record_id: str, details: Mapping[str, Any] | None) -> Any:  # noqa: ARG001
    """The column value for `details` of record `record_id` sent by a station of `lg_code`."""
    return dict(details) if details is not None else None


def from_stored(conn: Connection, record_id: str, stored: Any) -> dict[str, Any] | None:  # noqa: ARG001
    """The personal details of record `record_id` from its column value, or None (never sent, purged)."""
    return dict(stored) if isinstance(stored, Mapping) else None
