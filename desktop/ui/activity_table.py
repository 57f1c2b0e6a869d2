"""The list of activities: today's and upcoming first, with how many are checked in."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.ui.activity_labels import kind_label, status_badge, venue_label
from furusato.activity import JST, Activity


def ordered_for_today(activities: list[Activity], now: datetime) -> list[Activity]:
    """Open now first, then upcoming by start, then past ones most recent first."""

    def key(activity: Activity):
        if activity.is_open(now):
            return (0, activity.starts_at.timestamp())
        if activity.starts_at > now:
            return (1, activity.starts_at.timestamp())
        return (2, -activity.ends_at.timestamp())

    return sorted(activities, key=key)


class ActivityTableModel(QAbstractTableModel):
    COLUMNS = ("title", "kind", "venue", "window", "checked_in")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._activities: list[Activity] = []
        self._counts: dict[str, int] = {}

    def set_activities(self, activities: list[Activity], counts: dict[str, int], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._activities = ordered_for_today(activities, now or datetime.now(JST))
        self._counts = counts
        self.endResetModel()

    def activity_at(self, row: int) -> Activity:
        return self._activities[row]

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._activities)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        return (self.tr("活動"), self.tr("種類"), self.tr("場所"), self.tr("日時"), self.tr("受付済み"))[section]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role != Qt.DisplayRole:
            return None
        activity = self._activities[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "title":
            badge = status_badge(activity.status)
            return f"{badge} {activity.title}" if badge else activity.title
        if column == "kind":
            return kind_label(activity.kind)
        if column == "venue":
            return venue_label(activity.venue_lg)
        if column == "window":
            start, end = activity.starts_at.astimezone(JST), activity.ends_at.astimezone(JST)
            if activity.multi_day:
                return f"{start:%m/%d %H:%M} – {end:%m/%d %H:%M}"
            return f"{start:%m/%d %H:%M} – {end:%H:%M}"
        return str(self._counts.get(activity.id, 0))
