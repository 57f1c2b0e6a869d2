"""Every check-in that a paper or an export asks for, read in batches rather than all at once.

The attendance page shows one activity a page at a time; a participant list or a workbook for the
town hall needs all rows of an activity, or of a date range, or of the whole ledger, and a
station's ledger may hold a million. Rows are read `batch` at a time in one read transaction (WAL:
the check-in writer goes on beside it, and the export sees one consistent moment) and unsealed
one by one as the caller takes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select

from desktop.store.attendance_view import AttendanceRow
from desktop.store.ledger import Ledger
from desktop.store.tables import attendance, personal_details

BATCH = 500


@dataclass(frozen=True)
class AttendanceScope:
    """Which rows: one activity or all; days from/to inclusive (the attendance's calendar day in Japan)."""

    activity_id: str | None = None
    day_from: date | None = None
    day_to: date | None = None

    def where(self, query):
        if self.activity_id is not None:
            query = query.where(attendance.c.activity_id == self.activity_id)
        # Days are stored as ISO text, which sorts as the dates do.
        if self.day_from is not None:
            query = query.where(attendance.c.day >= self.day_from.isoformat())
        if self.day_to is not None:
            query = query.where(attendance.c.day <= self.day_to.isoformat())
        return query


def count_rows(engine: Engine, scope: AttendanceScope) -> int:
    with engine.connect() as conn:
        return conn.execute(scope.where(select(func.count()).select_from(attendance))).scalar_one()


def stream_rows(engine: Engine, ledger: Ledger, scope: AttendanceScope, *, batch: int = BATCH) -> Iterator[AttendanceRow]:
    """Rows in the order they were taken (day, acceptance time, record id), details unsealed."""
    query = scope.where(
        select(attendance, personal_details.c.details)
        .outerjoin(personal_details, personal_details.c.record_id == attendance.c.record_id)
    ).order_by(attendance.c.day, attendance.c.entry_at, attendance.c.record_id)
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(query)
        for r in result:
            yield AttendanceRow(
                record_id=r.record_id, activity_id=r.activity_id, day=r.day, person_key=r.person_key,
                entry_at=r.entry_at, exit_at=r.exit_at, status=r.status, changed_by=r.changed_by,
                reason=r.reason, details=ledger.unseal(r.details, r.record_id),
            )
