"""Who came: the activity's records, search and day filter, cancel/correct with a reason, and the
buttons of the coordinator's paperwork (CSV, Excel, the printed participant list: see
desktop/ui/attendance_paperwork.py).

Cancelling or correcting appends a ledger record (on the worker); the old row stays, marked. The
table pages (AttendanceTableModel): filtering, searching, ordering and counting happen in SQLite,
and only the rows on screen are unsealed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.checkin_tally import AttendanceChange
from desktop.record_settings import RecordSettings
from desktop.store.attendance_stream import AttendanceScope
from desktop.store.attendance_view import AttendanceQuery, AttendanceView
from desktop.ui.attendance_paperwork import AttendancePaperwork
from desktop.ui.attendance_table import AttendanceTableModel, time_text
from desktop.ui.checkin_runner import StationWorker
from desktop.ui.table_fit import ColumnFitter
from furusato import record_format
from furusato.activity import Activity


def _column_samples(date_style: str) -> dict[str, str]:
    """Widths come from sample texts, not from the rows: resizing to contents would read (and
    unseal) them all."""
    when = time_text("2026-12-31T23:59:00+09:00", date_style)
    return {"day": record_format.date_text("2026-12-31", date_style), "entry": when, "exit": when,
            "kind": "手書き__", "status": "訂正済__", "reason": "誤って二重に受付"}


class AttendancePage(QWidget):
    back_requested = Signal()
    changed = Signal()
    row_changed = Signal(object)  # AttendanceChange: what a cancellation or correction did to which row
    exported = Signal(object)  # ExportDone, once the file is complete and audited
    list_ready = Signal(object)  # ParticipantSheet, when the preview opens

    def __init__(self, worker: StationWorker, view: AttendanceView, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.worker, self.view, self._clock = worker, view, clock
        self.activity: Activity | None = None
        self.locked = False  # while the window is locked no row is loaded, let alone shown
        self.search_ready = True  # SearchBackfill says otherwise while it works
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        self.locked_label = QLabel(self)
        self.locked_label.setObjectName("lockedLabel")
        self.locked_label.setAlignment(Qt.AlignCenter)
        self.locked_label.hide()
        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)  # a name, a phone or an address: a pasted page is not a search
        self.day_filter = QComboBox(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        # A count that grows a digit must not move the search box: a relayout repaints the whole row.
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0,000,000 件") + 8)
        self.count_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.day_filter, 1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)
        self.model = AttendanceTableModel(view, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(1, Qt.AscendingOrder)
        header.sectionClicked.connect(self._sort_by)
        header.setSectionResizeMode(AttendanceTableModel.COLUMNS.index("name"), QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        # The name is what people look for: card or hand entry, the reason, the day (the filter
        # above shows it) and the exit time give way first on a narrow window.
        # Columns are measured on the rows on screen only (Qt reads up to 1,000 by default): rows
        # beyond them are neither fetched nor unsealed to size a column.
        self.table.verticalHeader().setResizeContentsPrecision(0)
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.columns = ColumnFitter(self.table, optional=(4, 6, 0, 2))
        self._keep_rows_in_view()
        layout.addWidget(self.locked_label, 1)
        self.message = QLabel(self)
        layout.addWidget(self.message)
        self.cancel_button = QPushButton(self)
        # Not "取消": beside a dialog's キャンセル it read as "close this"; it voids a record, so it
        # says so and looks like the one action here that takes something back.
        self.cancel_button.setObjectName("voidButton")
        self.correct_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.excel_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.back_button = QPushButton(self)
        self._date_style = self.model.date_style = RecordSettings(worker.station.meta).date_style
        self.paperwork = AttendancePaperwork(self)
        # Two rows — the record's actions, then the paperwork: six buttons in one row do not fit
        # 1366×768 at 125 % in outdoor mode.
        for row in ((self.cancel_button, self.correct_button, self.back_button),
                    (self.export_button, self.excel_button, self.print_button)):
            buttons = QHBoxLayout()
            for button in row:
                buttons.addWidget(button)
            layout.addLayout(buttons)
        self.search.textChanged.connect(self._apply_filter)
        self.day_filter.currentIndexChanged.connect(self._apply_filter)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.correct_button.clicked.connect(self.ask_correct)
        self.export_button.clicked.connect(lambda: self.paperwork.ask_export("csv"))
        self.excel_button.clicked.connect(lambda: self.paperwork.ask_export("xlsx"))
        self.print_button.clicked.connect(self.paperwork.ask_print_list)
        self.back_button.clicked.connect(self.back_requested.emit)
        worker.done.connect(self._on_done, Qt.QueuedConnection)
        worker.failed.connect(self._on_failed, Qt.QueuedConnection)
        shortcut = QShortcut(QKeySequence("Escape"), self)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        self.retranslate()

    def retranslate(self) -> None:
        title = self.activity.title if self.activity else ""
        self.heading.setText(self.tr("出席一覧") + (f" — {title}" if title else ""))
        self.search.setPlaceholderText(self.tr("氏名・フリガナ・メール・電話で検索"))
        self.cancel_button.setText(self.tr("記録を取り消す…"))
        self.correct_button.setText(self.tr("訂正…"))
        self.export_button.setText(self.tr("CSV出力…"))
        self.excel_button.setText(self.tr("Excelで出力…"))
        self.print_button.setText(self.tr("名簿を印刷…"))
        self.back_button.setText(self.tr("戻る (Esc)"))
        self.locked_label.setText(self.tr("（ロック中）"))
        if self.day_filter.count():
            self.day_filter.setItemText(0, self.tr("すべての日"))
        self.model.retranslate()
        if self.activity is not None:  # sized when first shown, not while the window starts
            self._size_columns()
        self._show_count()

    def _size_columns(self) -> None:
        metrics, header = self.table.fontMetrics(), self.table.horizontalHeader()
        for column, sample in _column_samples(self._date_style).items():
            index = AttendanceTableModel.COLUMNS.index(column)
            title = self.model.headerData(index, Qt.Horizontal) or ""
            width = max(metrics.horizontalAdvance(sample), header.fontMetrics().horizontalAdvance(title) + 16)
            header.resizeSection(index, width + 24)
        self.columns.fit()  # widths changed: the optional columns give way again if need be

    def _show_count(self) -> None:
        text = self.tr("%n 件", "", self.model.total) if self.model.query is not None else ""
        if text and self.model.query.search.strip() and not self.search_ready:
            text += "  " + self.tr("（古い記録は検索の準備中）")
        self.count_label.setText(text)

    def set_search_ready(self, ready: bool) -> None:
        """False while the records held before the search index are still being indexed."""
        self.search_ready = ready
        self._show_count()

    def _keep_rows_in_view(self) -> None:
        """A list shows some rows however small the screen (the page scrolls instead): its columns
        are sized by the rows on screen, so a list squeezed to one row would be sized by one."""
        table = self.table
        rows = 3 * max(table.verticalHeader().defaultSectionSize(), table.fontMetrics().height() + 8)
        table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth())

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
        if event.type() in (QEvent.StyleChange, QEvent.FontChange):
            self._keep_rows_in_view()
        if event.type() in (QEvent.LanguageChange, QEvent.StyleChange, QEvent.FontChange) and not self.locked:
            self._size_columns()  # the new type's widths (from samples: no row is read for them)

    def set_activity(self, activity: Activity, day: str | None = None) -> None:
        self.activity = activity
        self.day_filter.blockSignals(True)
        self.day_filter.clear()
        self.day_filter.addItem(self.tr("すべての日"), None)
        style = self.date_style()
        for d in activity.days():
            self.day_filter.addItem(record_format.date_text(d, style), d.isoformat())
        index = self.day_filter.findData(day) if day else 0
        self.day_filter.setCurrentIndex(max(0, index))
        self.day_filter.blockSignals(False)
        self.retranslate()
        self._apply_filter()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        if locked:
            self.model.clear()
            self._show_count()
            self.message.clear()
        self.table.setVisible(not locked)
        self.locked_label.setVisible(locked)
        for widget in (self.search, self.day_filter, self.cancel_button, self.correct_button, self.export_button,
                       self.excel_button, self.print_button):
            widget.setEnabled(not locked)
        if not locked:
            self._apply_filter()

    def current_query(self) -> AttendanceQuery | None:
        if self.activity is None or self.locked:
            return None
        header = self.table.horizontalHeader()
        return AttendanceQuery(self.activity.id, self.day_filter.currentData(), self.search.text(),
                               header.sortIndicatorOrder() == Qt.DescendingOrder)

    def refresh(self) -> None:
        """The rows again, as many as were fetched (after a cancellation or correction)."""
        if self.activity is None or self.locked:
            return
        self.model.date_style = self.date_style()
        self.model.reload()
        self._show_count()
        self._size_columns()

    def _apply_filter(self, *_args) -> None:
        self.model.set_query(self.current_query())
        self._show_count()

    def _sort_by(self, column: int) -> None:
        header = self.table.horizontalHeader()
        if not self.model.sort_column(column, header.sortIndicatorOrder()):
            # Not a column that orders the list: the indicator goes back to the order in force.
            query = self.model.query or AttendanceQuery()
            header.setSortIndicator(AttendanceTableModel.COLUMNS.index("entry"),
                                    Qt.DescendingOrder if query.descending else Qt.AscendingOrder)
        self._show_count()

    def visible_rows(self):
        """Every row the filter shows, fetched or not (reads them all: for exports, not for painting)."""
        query = self.current_query()
        return [] if query is None else list(self.view.iter_rows(query))

    def selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # --- cancel / correct: the actions, then the dialogs that ask for them ---
    def _row(self, record_id: str):
        return next((r for r in self.model.rows if r.record_id == record_id), None) or self.view.row(record_id)

    def cancel(self, record_id: str, reason: str) -> None:
        row = self._row(record_id)
        ledger, at = self.worker.station.ledger, self._clock()
        self.worker.run(lambda: AttendanceChange("cancel", row, ledger.cancel(record_id, reason=reason, at=at)),
                        "cancel")

    def correct(self, record_id: str, name: str, reason: str) -> None:
        row = self._row(record_id)
        details = dict(row.details or {})
        details["name"] = name
        station = self.worker.station
        person = row.person_key
        if not row.is_card and details.get("birth_date"):
            person = station.manual_person_key(name, date.fromisoformat(details["birth_date"]))
        ledger, at = station.ledger, self._clock()
        self.worker.run(lambda: AttendanceChange(
            "correct", row, ledger.correct(record_id, person_key=person, details=details, reason=reason, at=at),
            name), "correct")

    def cancel_dialog(self, row) -> QInputDialog:
        """Asks for the reason; its buttons say what they do, so neither reads as the other."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("記録の取消"))
        dialog.setLabelText(self.tr("%1 さんの記録を取り消します。理由:").replace("%1", row.display_name))
        dialog.setOkButtonText(self.tr("記録を取り消す"))
        dialog.setCancelButtonText(self.tr("やめる（記録は残す）"))
        return dialog

    def ask_cancel(self) -> None:
        row = self.selected_row()
        if row is None or row.status != "active":
            self.message.setText(self.tr("有効な記録を選んでください"))
            return
        dialog = self.cancel_dialog(row)
        accepted = dialog.exec() == QInputDialog.Accepted
        reason = dialog.textValue().strip()
        dialog.deleteLater()
        if accepted and reason:
            self.cancel(row.record_id, reason)

    def ask_correct(self) -> None:
        row = self.selected_row()
        if row is None or row.status != "active":
            self.message.setText(self.tr("有効な記録を選んでください"))
            return
        name, ok = QInputDialog.getText(self, self.tr("記録の訂正"), self.tr("正しい氏名:"), text=row.display_name)
        if not ok or not name.strip():
            return
        reason, ok = QInputDialog.getText(self, self.tr("記録の訂正"), self.tr("訂正の理由:"))
        if ok and reason.strip():
            self.correct(row.record_id, name.strip(), reason.strip())

    def _on_done(self, tag: str, value) -> None:
        if tag in ("cancel", "correct"):
            self.message.setText(self.tr("取り消しました") if tag == "cancel" else self.tr("訂正しました"))
            self.refresh()
            self.row_changed.emit(value)
            self.changed.emit()

    def _on_failed(self, tag: str, error: str) -> None:
        if tag in ("cancel", "correct"):
            self.message.setText(self.tr("変更できませんでした: %1").replace("%1", error))

    # --- paperwork (desktop/ui/attendance_paperwork.py does the work) ---
    def date_style(self) -> str:
        return self._date_style

    def scope(self) -> AttendanceScope:
        """The activity and the day chosen in the filter (every day when none is)."""
        chosen = self.day_filter.currentData()
        day = date.fromisoformat(chosen) if chosen else None
        return AttendanceScope(self.activity.id if self.activity else None, day, day)

    def set_date_style(self, style: str) -> None:
        self._date_style = self.model.date_style = style
        for index in range(1, self.day_filter.count()):
            self.day_filter.setItemText(index, record_format.date_text(self.day_filter.itemData(index), style))
        self.model.layoutChanged.emit()
        self._size_columns()
