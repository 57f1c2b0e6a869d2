"""Tables on narrow windows: the less needed columns give way before the one people read is cut.

On 1280×720 at 150 % the picker and the attendance list have ~830 px; Qt would elide the activity
title or the participant's name while showing, at full width, the kind of activity or the source
of a record. `ColumnFitter` shows every column, then hides the optional ones in the order given
until the rest fit — again whenever the table's width, type or content changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


class ColumnFitter(QObject):
    def __init__(self, table: QTableView, optional: Sequence[int]):
        super().__init__(table)
        self.table = table
        self.optional = tuple(optional)
        self._viewport = table.viewport()  # compared, not asked of the table: it may be going away
        self._viewport.installEventFilter(self)
        # New rows change what the stretched column needs (a filter, a page fetched, a reload):
        # fitted once the model has settled, however many signals it sent.
        self._pending = False
        model = table.model()
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
                signal.connect(self._fit_soon)

    def _fit_soon(self, *_args) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._fit_now)

    def _fit_now(self) -> None:
        self._pending = False
        self.fit()

    def needed(self, column: int) -> int:
        """The stretched column's content; any other column, the width it has (by content or sample)."""
        table, header = self.table, self.table.horizontalHeader()
        if header.sectionResizeMode(column) != QHeaderView.Stretch:
            return header.sectionSize(column)
        return max(table.sizeHintForColumn(column), header.sectionSizeHint(column))

    def fit(self) -> None:
        table = self.table
        model = table.model()
        if model is None or not table.isVisible():
            # Hidden, its width is not yet its own: fitted again when shown.
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
        if event.type() in (QEvent.Resize, QEvent.Show) and watched is self._viewport:
            self.fit()
        return False
