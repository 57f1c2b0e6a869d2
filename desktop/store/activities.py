"""The activities this station knows: demo ones, ones created here, and the central's catalogue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, case, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.store.tables import activities, attendance
from furusato.activity import JST, Activity, ActivityKind, parse_instant


def _from_row(row) -> Activity:
    return Activity(
        id=row.id,
        title=row.title,
        kind=ActivityKind(row.kind),
        designating_lg=row.designating_lg,
        venue_lg=row.venue_lg,
        starts_at=parse_instant(row.starts_at),
        ends_at=parse_instant(row.ends_at),
        content=row.content,
        place=row.place,
        source=row.source,
        status=row.status,
        status_note=row.status_note or "",
    )


def row_values(activity: Activity, now: datetime | None = None) -> dict:
    """The `activities` row of `activity` (the ledger writes a station-made one in its own transaction)."""
    return {
        "id": activity.id,
        "title": activity.title,
        "kind": str(activity.kind),
        "content": activity.content,
        "designating_lg": activity.designating_lg,
        "venue_lg": activity.venue_lg,
        "place": activity.place,
        "starts_at": activity.starts_at.isoformat(),
        "ends_at": activity.ends_at.isoformat(),
        "source": activity.source,
        "updated_at": (now or datetime.now(JST)).isoformat(),
        "status": activity.status,
        "status_note": activity.status_note or None,
    }


class ActivityStore:
    def __init__(self, engine: Engine):
        self._engine = engine

    def upsert(self, activity: Activity, *, now: datetime | None = None) -> None:
        values = row_values(activity, now)
        statement = sqlite_insert(activities).values(**values)
        changes = {k: v for k, v in values.items() if k != "id"}
        # The central's copy of an activity made here still says where it was made.
        changes["source"] = case((activities.c.source == "station", "station"), else_=statement.excluded.source)
        statement = statement.on_conflict_do_update(index_elements=[activities.c.id], set_=changes)
        with self._engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(statement)

    def get(self, activity_id: str) -> Activity | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(activities).where(activities.c.id == activity_id)).first()
        return None if row is None else _from_row(row)

    def all(self) -> list[Activity]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(activities).order_by(activities.c.starts_at, activities.c.id)).all()
        return [_from_row(row) for row in rows]

    def checked_in_counts(self) -> dict[str, int]:
        """Active check-ins per activity, all days together."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(attendance.c.activity_id, func.count())
                .where(attendance.c.status == "active")
                .group_by(attendance.c.activity_id)
            ).all()
        return {activity_id: count for activity_id, count in rows}
