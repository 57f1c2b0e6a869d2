"""The attendance records of one activity as a table model (read from AttendanceView)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.store.attendance_view import AttendanceRow
from furusato import record_format
from furusato.activity import JST


def status_label(status: str) -> str:
    labels = {
        "active": QCoreApplication.translate("AttendanceStatus", "有効"),
        "cancelled": QCoreApplication.translate("AttendanceStatus", "取消"),
        "corrected": QCoreApplication.translate("AttendanceStatus", "訂正済"),
    }
    return labels.get(status, status)


def _time(text: str | None, date_style: str = record_format.WESTERN) -> str:
    if not text:
        return ""
    at = datetime.fromisoformat(text).astimezone(JST)
    if date_style == record_format.WAREKI:
        return f"{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at:%m/%d %H:%M}"


class AttendanceTableModel(QAbstractTableModel):
    COLUMNS = ("day", "entry", "exit", "name", "kind", "status", "reason")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[AttendanceRow] = []
        self.date_style = record_format.WESTERN  # 西暦 or 和暦, from the station's record settings

    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> AttendanceRow:
        return self.rows[row]

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        return (self.tr("活動日"), self.tr("受付"), self.tr("退出"), self.tr("氏名"), self.tr("区分"),
                self.tr("状態"), self.tr("理由"))[section]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ForegroundRole and row.status != "active":
            return QColor("#888888")
        if role == Qt.UserRole:
            return row.record_id
        if role != Qt.DisplayRole:
            return None
        column = self.COLUMNS[index.column()]
        if column == "day":
            return record_format.date_text(row.day, self.date_style)
        if column == "entry":
            return _time(row.entry_at, self.date_style)
        if column == "exit":
            return _time(row.exit_at, self.date_style)
        if column == "name":
            return row.display_name
        if column == "kind":
            return self.tr("登録証") if row.is_card else self.tr("手書き")
        if column == "status":
            return status_label(row.status)
        return row.reason or ""
