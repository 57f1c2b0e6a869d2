"""Tables on narrow windows: the less needed columns give way before the one people read is cut.

On 1280×720 at 150 % the picker and the attendance list have ~830 px; Qt would elide the activity
title or the participant's name while showing, at full width, the kind of activity or the source
of a record. `ColumnFitter` shows every column, then hides the optional ones in the order given
until the rest fit — again whenever the table's width, type or content changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class ColumnFitter(QObject):
    def __init__(self, table: QTableView, optional: Sequence[int]):
        super().__init__(table)
        self.table = table
        self.optional = tuple(optional)
        self._viewport = table.viewport()  # compared, not asked of the table: it may be going away
        self._viewport.installEventFilter(self)

    def needed(self, column: int) -> int:
        table = self.table
        return max(table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column))

    def fit(self) -> None:
        table = self.table
        model = table.model()
        if model is None:
            return
        header = table.horizontalHeader()
        for column in self.optional:
            if table.isColumnHidden(column):
                table.setColumnHidden(column, False)
                if header.sectionResizeMode(column) == QHeaderView.Interactive:
                    table.resizeColumnToContents(column)  # hidden, it missed the last resize to contents
        shown = [column for column in range(model.columnCount()) if not table.isColumnHidden(column)]
        room = table.viewport().width()
        for column in self.optional:
            if sum(self.needed(c) for c in shown) <= room:
                break
            table.setColumnHidden(column, True)
            shown.remove(column)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # The viewport's own size: a page's resize may come while it is hidden, before its table's.
        if event.type() == QEvent.Resize and watched is self._viewport:
            self.fit()
        return False
