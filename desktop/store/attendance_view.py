"""Reading check-ins with their details, for the attendance list and the CSV export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from desktop.store.ledger import Ledger
from desktop.store.tables import attendance, personal_details


@dataclass(frozen=True)
class AttendanceRow:
    record_id: str
    activity_id: str
    day: str
    person_key: str
    entry_at: str
    exit_at: str | None
    status: str
    changed_by: str | None
    reason: str | None
    details: dict[str, Any] | None

    @property
    def is_card(self) -> bool:
        return self.person_key.startswith("card:")

    @property
    def display_name(self) -> str:
        name = (self.details or {}).get("name")
        return name or (self.person_key.split(":", 1)[1][:12] if self.is_card else "")


class AttendanceView:
    def __init__(self, engine: Engine, ledger: Ledger):
        self._engine = engine
        self._ledger = ledger

    def rows(self, activity_id: str | None = None, day: str | None = None, *, with_details: bool = True) -> list[AttendanceRow]:
        query = select(attendance, personal_details.c.details).outerjoin(
            personal_details, personal_details.c.record_id == attendance.c.record_id
        )
        if activity_id is not None:
            query = query.where(attendance.c.activity_id == activity_id)
        if day is not None:
            query = query.where(attendance.c.day == day)
        query = query.order_by(attendance.c.entry_at, attendance.c.record_id)
        with self._engine.connect() as conn:
            found = conn.execute(query).all()
        return [
            AttendanceRow(
                record_id=r.record_id, activity_id=r.activity_id, day=r.day, person_key=r.person_key,
                entry_at=r.entry_at, exit_at=r.exit_at, status=r.status, changed_by=r.changed_by,
                reason=r.reason, details=self._ledger.unseal(r.details, r.record_id) if with_details else None,
            )
            for r in found
        ]

    def active_count(self, activity_id: str, day: str | None = None) -> int:
        query = select(func.count()).select_from(attendance).where(
            attendance.c.activity_id == activity_id, attendance.c.status == "active"
        )
        if day is not None:
            query = query.where(attendance.c.day == day)
        with self._engine.connect() as conn:
            return conn.execute(query).scalar_one()
