"""The attendance records of one activity as a table model that fetches as the view scrolls.

Rows come a page at a time from AttendanceView (filtered, searched, sorted and counted in SQLite):
the first page when the query changes, the next when the view reaches the end (`canFetchMore` /
`fetchMore`). Details stay sealed until `data()` is asked for a name, which Qt does for the rows it
paints only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.store.attendance_view import PAGE, AttendanceQuery, AttendanceRow, AttendanceView, sort_key
from furusato import record_format
from furusato.activity import JST


def status_label(status: str) -> str:
    labels = {
        "active": QCoreApplication.translate("AttendanceStatus", "有効"),
        "cancelled": QCoreApplication.translate("AttendanceStatus", "取消"),
        "corrected": QCoreApplication.translate("AttendanceStatus", "訂正済"),
    }
    return labels.get(status, status)


_DISPLAY, _FOREGROUND, _USER = int(Qt.DisplayRole), int(Qt.ForegroundRole), int(Qt.UserRole)
_ANSWERED = frozenset((_DISPLAY, _FOREGROUND, _USER))
_GREY = QColor("#888888")


def time_text(text: str | None, date_style: str = record_format.WESTERN) -> str:
    if not text:
        return ""
    at = datetime.fromisoformat(text).astimezone(JST)
    if date_style == record_format.WAREKI:
        return f"{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at:%m/%d %H:%M}"


class AttendanceTableModel(QAbstractTableModel):
    COLUMNS = ("day", "entry", "exit", "name", "kind", "status", "reason")
    # The columns that order the list: both are the entry order the indexes keep (AttendanceQuery).
    ORDERED_BY = ("day", "entry")

    def __init__(self, view: AttendanceView, parent=None, page: int = PAGE):
        super().__init__(parent)
        self._view = view
        self._page = page
        self.query: AttendanceQuery | None = None
        self.rows: list[AttendanceRow] = []
        self._texts: list[tuple[str, ...] | None] = []  # per row, its column texts once painted
        self.total = 0  # rows the query has, fetched or not
        self._more = False
        self._date_style = record_format.WESTERN  # 西暦 or 和暦, from the station's record settings

    # --- what is shown ---
    def set_query(self, query: AttendanceQuery | None, *, at_least: int = 0) -> None:
        """Show `query` from its first row (None: nothing); `at_least` rows are fetched at once."""
        self.beginResetModel()
        self.query = query
        if query is None:
            self.rows, self.total = [], 0
        else:
            self.total = self._view.count(query)
            self.rows = self._view.page(query, None, max(self._page, at_least))
        self._texts = [None] * len(self.rows)
        self._more = len(self.rows) < self.total
        self.endResetModel()

    def reload(self) -> None:
        """The same query again (after a change), keeping as many rows as were fetched."""
        self.set_query(self.query, at_least=len(self.rows))

    def clear(self) -> None:
        self.set_query(None)

    @property
    def date_style(self) -> str:
        return self._date_style

    @date_style.setter
    def date_style(self, style: str) -> None:
        self._date_style = style
        self._texts = [None] * len(self.rows)  # dates are written again, in the new style

    def retranslate(self) -> None:
        """The language changed: the texts made for painted rows are made again."""
        self._texts = [None] * len(self.rows)
        self.headerDataChanged.emit(Qt.Horizontal, 0, self.columnCount() - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802 (Qt's signature)
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self._more or self.query is None:
            return
        more = self._view.page(self.query, sort_key(self.rows[-1], self.query), self._page)
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self._texts.extend([None] * len(more))
            self.endInsertRows()
        self._more = bool(more) and len(self.rows) < self.total

    def sort_column(self, column: int, order: Qt.SortOrder) -> bool:
        """Order by a column; False (and nothing changes) for one that does not order the list."""
        if self.COLUMNS[column] not in self.ORDERED_BY or self.query is None:
            return False
        self.set_query(replace(self.query, descending=order == Qt.DescendingOrder))
        return True

    def row_at(self, row: int) -> AttendanceRow:
        return self.rows[row]

    # --- Qt's model interface ---
    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        return (self.tr("活動日"), self.tr("受付"), self.tr("退出"), self.tr("氏名"), self.tr("区分"),
                self.tr("状態"), self.tr("理由"))[section]

    def data(self, index, role=_DISPLAY):
        # Called a dozen times per cell painted: the roles it does not answer leave first, and a
        # row's texts are made once, when it is first painted (the name opens its sealed details).
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        row = self.rows[number]
        if role == _USER:
            return row.record_id
        if role == _FOREGROUND:
            return _GREY if row.status != "active" else None
        texts = self._texts[number]
        if texts is None:
            texts = self._texts[number] = self._row_texts(row)
        return texts[index.column()]

    def _row_texts(self, row: AttendanceRow) -> tuple[str, ...]:
        kind = self.tr("登録証") if row.is_card else self.tr("手書き")
        style = self._date_style
        return (record_format.date_text(row.day, style), time_text(row.entry_at, style), time_text(row.exit_at, style),
                row.display_name, kind, status_label(row.status), row.reason or "")
