"""Who came: the activity's records, search and day filter, cancel/correct with a reason, and the
buttons of the coordinator's paperwork (CSV, Excel, the printed participant list: see
desktop/ui/attendance_paperwork.py).

Cancelling or correcting appends a ledger record (on the worker); the old row stays, marked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal
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

from desktop.record_settings import RecordSettings
from desktop.store.attendance_stream import AttendanceScope
from desktop.store.attendance_view import AttendanceView
from desktop.ui.attendance_paperwork import AttendancePaperwork
from desktop.ui.attendance_table import AttendanceTableModel
from desktop.ui.checkin_runner import StationWorker
from furusato import record_format
from furusato.activity import Activity


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.needle, self.day = "", None

    def set_filter(self, needle: str, day: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self.needle, self.day = needle.strip().casefold(), day
            self.endFilterChange()
        else:
            self.needle, self.day = needle.strip().casefold(), day
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802
        record = self.sourceModel().row_at(row)
        if self.day and record.day != self.day:
            return False
        if not self.needle:
            return True
        details = record.details or {}
        haystack = " ".join(str(details.get(k) or "") for k in ("name", "name_kana", "email", "phone"))
        return self.needle in (haystack + " " + record.person_key).casefold()


class AttendancePage(QWidget):
    back_requested = Signal()
    changed = Signal()
    exported = Signal(object)  # ExportDone, once the file is complete and audited
    list_ready = Signal(object)  # ParticipantSheet, when the preview opens

    def __init__(self, worker: StationWorker, view: AttendanceView, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.worker, self.view, self._clock = worker, view, clock
        self.activity: Activity | None = None
        self.locked = False  # while the window is locked no row is loaded, let alone shown
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
        self.day_filter = QComboBox(self)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.day_filter, 1)
        layout.addLayout(filters)
        self.model = AttendanceTableModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.locked_label, 1)
        self.message = QLabel(self)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self)
        self.correct_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.excel_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.back_button = QPushButton(self)
        self._date_style = RecordSettings(worker.station.meta).date_style
        self.paperwork = AttendancePaperwork(self)
        for button in (self.cancel_button, self.correct_button, self.export_button, self.excel_button,
                       self.print_button, self.back_button):
            button.setMinimumHeight(48)
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
        self.cancel_button.setText(self.tr("取消…"))
        self.correct_button.setText(self.tr("訂正…"))
        self.export_button.setText(self.tr("CSV出力…"))
        self.excel_button.setText(self.tr("Excelで出力…"))
        self.print_button.setText(self.tr("名簿を印刷…"))
        self.back_button.setText(self.tr("戻る (Esc)"))
        self.locked_label.setText(self.tr("（ロック中）"))
        if self.day_filter.count():
            self.day_filter.setItemText(0, self.tr("すべての日"))
        self.model.headerDataChanged.emit(Qt.Horizontal, 0, self.model.columnCount() - 1)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        self.refresh()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        if locked:
            self.model.set_rows([])
            self.message.clear()
        self.table.setVisible(not locked)
        self.locked_label.setVisible(locked)
        for widget in (self.search, self.day_filter, self.cancel_button, self.correct_button, self.export_button,
                       self.excel_button, self.print_button):
            widget.setEnabled(not locked)
        if not locked:
            self.refresh()

    def refresh(self) -> None:
        if self.activity is None or self.locked:
            return
        self.model.date_style = self.date_style()
        self.model.set_rows(self.view.rows(self.activity.id))
        self._apply_filter()
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)

    def _apply_filter(self, *_args) -> None:
        self.proxy.set_filter(self.search.text(), self.day_filter.currentData())

    def visible_rows(self):
        return [self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    # --- cancel / correct: the actions, then the dialogs that ask for them ---
    def cancel(self, record_id: str, reason: str) -> None:
        ledger, at = self.worker.station.ledger, self._clock()
        self.worker.run(lambda: ledger.cancel(record_id, reason=reason, at=at), "cancel")

    def correct(self, record_id: str, name: str, reason: str) -> None:
        row = next(r for r in self.model.rows if r.record_id == record_id)
        details = dict(row.details or {})
        details["name"] = name
        station = self.worker.station
        person = row.person_key
        if not row.is_card and details.get("birth_date"):
            person = station.manual_person_key(name, date.fromisoformat(details["birth_date"]))
        ledger, at = station.ledger, self._clock()
        self.worker.run(
            lambda: ledger.correct(record_id, person_key=person, details=details, reason=reason, at=at), "correct"
        )

    def ask_cancel(self) -> None:
        row = self.selected_row()
        if row is None or row.status != "active":
            self.message.setText(self.tr("有効な記録を選んでください"))
            return
        reason, ok = QInputDialog.getText(self, self.tr("記録の取消"),
                                          self.tr("%1 さんの記録を取り消します。理由:").replace("%1", row.display_name))
        if ok and reason.strip():
            self.cancel(row.record_id, reason.strip())

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

    def _on_done(self, tag: str, _value) -> None:
        if tag in ("cancel", "correct"):
            self.message.setText(self.tr("取り消しました") if tag == "cancel" else self.tr("訂正しました"))
            self.refresh()
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
