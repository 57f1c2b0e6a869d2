"""Who came: the activity's records, search and day filter, cancel/correct with a reason, and the
coordinator's paperwork: CSV and Excel exports and the printed participant list (受付名簿).

Cancelling or correcting appends a ledger record (on the worker); the old row stays, marked.
Exports and the list's rows are read from the store for the activity and the chosen day (not from
the table, which may show one page), on a background thread; both ask before personal data leaves
the station, and both are audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.attendance_export import export_attendance
from desktop.privacy.audit_log import AuditLog
from desktop.record_settings import RecordSettings
from desktop.store.attendance_stream import AttendanceScope, stream_rows
from desktop.store.attendance_view import AttendanceView
from desktop.ui import printing
from desktop.ui.attendance_table import AttendanceTableModel
from desktop.ui.background_jobs import BackgroundJobs
from desktop.ui.checkin_runner import StationWorker
from desktop.ui.participant_list import MARGIN_MM, ParticipantSheet, paint_participant_list
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
        self.jobs = BackgroundJobs(self)
        self.preview: QWidget | None = None
        self.sheet: ParticipantSheet | None = None
        self._date_style = RecordSettings(worker.station.meta).date_style
        for button in (self.cancel_button, self.correct_button, self.export_button, self.excel_button,
                       self.print_button, self.back_button):
            button.setMinimumHeight(48)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self._apply_filter)
        self.day_filter.currentIndexChanged.connect(self._apply_filter)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.correct_button.clicked.connect(self.ask_correct)
        self.export_button.clicked.connect(lambda: self.ask_export("csv"))
        self.excel_button.clicked.connect(lambda: self.ask_export("xlsx"))
        self.print_button.clicked.connect(self.ask_print_list)
        self.jobs.progress.connect(self._on_job_progress, Qt.QueuedConnection)
        self.jobs.done.connect(self._on_job_done, Qt.QueuedConnection)
        self.jobs.failed.connect(self._on_job_failed, Qt.QueuedConnection)
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

    # --- paperwork: exports and the participant list ---
    def date_style(self) -> str:
        return self._date_style

    def scope(self) -> AttendanceScope:
        """The activity and the day chosen in the filter (every day when none is)."""
        chosen = self.day_filter.currentData()
        day = date.fromisoformat(chosen) if chosen else None
        return AttendanceScope(self.activity.id if self.activity else None, day, day)

    def export_to(self, path: Path, file_format: str = "csv") -> bool:
        """Starts writing the file on the background thread; `exported` says when it is complete."""
        if self.locked or self.activity is None:
            return False
        station, scope, path = self.worker.station, self.scope(), Path(path)
        self.message.setText(self.tr("書き出し中…"))
        return self.jobs.run("export", lambda progress: export_attendance(
            station, file_format, path, scope, via="window", progress=progress))

    def ask_export(self, file_format: str = "csv") -> None:
        if self.locked or self.activity is None:
            return
        title = self.tr("Excelで出力") if file_format == "xlsx" else self.tr("CSV出力")
        if not self._confirm_personal_data(title):
            return
        day = self.day_filter.currentData()
        default = f"attendance_{self.activity.id}{'_' + day if day else ''}.{file_format}"
        pattern = "Excel (*.xlsx)" if file_format == "xlsx" else "CSV (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self, title, default, pattern)
        if path:
            self.export_to(Path(path), file_format)

    def _confirm_personal_data(self, title: str) -> bool:
        answer = QMessageBox.warning(
            self, title,
            self.tr("このファイルには氏名・住所・連絡先などの個人情報が含まれます。"
                    "持ち出しや保管は自治体の規程に従ってください。出力しますか？"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def load_list(self) -> bool:
        """Reads the participant list's rows on the background thread; `list_ready` follows."""
        if self.locked or self.activity is None:
            return False
        station, scope, activity = self.worker.station, self.scope(), self.activity
        when, style = self._clock(), self.date_style()
        self.message.setText(self.tr("名簿を準備中…"))

        def build(_progress) -> ParticipantSheet:
            rows = list(stream_rows(station.engine, station.ledger, scope))
            return ParticipantSheet(activity, station.local_government or activity.designating_lg, rows, when,
                                    day=scope.day_from, date_style=style)

        return self.jobs.run("list", build)

    def ask_print_list(self) -> None:
        if self.locked or self.activity is None:
            return
        answer = QMessageBox.warning(
            self, self.tr("名簿を印刷"),
            self.tr("受付名簿には氏名・住所・連絡先などの個人情報が含まれます。"
                    "印刷した名簿の保管・廃棄は自治体の規程に従ってください。印刷しますか？"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        )
        if answer == QMessageBox.Yes:
            self.load_list()

    def print_list_to(self, device) -> int:
        """Paints the loaded list on `device` (printer, preview or PDF printer); returns the pages."""
        return paint_participant_list(device, self.sheet)

    def _open_list_preview(self, sheet: ParticipantSheet) -> None:
        self.sheet = sheet
        printer = printing.a4_printer(printing.LANDSCAPE, MARGIN_MM, title=f"受付名簿 {sheet.activity.title}")
        self.preview = printing.open_preview(self, printer, self.print_list_to, self.tr("受付名簿の印刷"))
        # Accepted means printed (to paper or to a file): personal data left on paper.
        self.preview.accepted.connect(lambda: self._list_printed(sheet))
        self.message.clear()
        self.list_ready.emit(sheet)

    def _list_printed(self, sheet: ParticipantSheet) -> None:
        AuditLog.for_data_dir(self.worker.station.root).append(
            "participant_list_printed", rows=len(sheet.rows), via="window")
        self.message.setText(self.tr("名簿を印刷しました（%1 件）").replace("%1", str(len(sheet.rows))))

    def _on_job_progress(self, tag: str, count: int) -> None:
        if tag == "export":
            self.message.setText(self.tr("書き出し中… %1 件").replace("%1", str(count)))

    def _on_job_done(self, tag: str, value) -> None:
        if tag == "export":
            self.message.setText(self.tr("%1 件を書き出しました: %2").replace("%1", str(value.rows))
                                 .replace("%2", str(value.out)))
            self.exported.emit(value)
        elif tag == "list" and not self.locked:
            self._open_list_preview(value)

    def _on_job_failed(self, tag: str, error: str) -> None:
        if tag == "export":
            self.message.setText(self.tr("書き出せませんでした: %1").replace("%1", error))
        elif tag == "list":
            self.message.setText(self.tr("名簿を準備できませんでした: %1").replace("%1", error))

    def set_date_style(self, style: str) -> None:
        self._date_style = self.model.date_style = style
        for index in range(1, self.day_filter.count()):
            self.day_filter.setItemText(index, record_format.date_text(self.day_filter.itemData(index), style))
        self.model.layoutChanged.emit()
