"""The attendance page's paperwork: CSV and Excel exports and the printed participant list (受付名簿).

For the page's activity and the day chosen in its filter (every day when none is), read from the
store (not from the page's table, which may hold one page of rows) on a background thread, so
scanning and painting never wait. Each asks before personal data leaves the station, and each is
audited: an export once its file is complete (desktop/attendance_export.py), the list when the
print preview reports it printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.attendance_export import export_attendance
from desktop.privacy.audit_log import AuditLog
from desktop.store.attendance_stream import stream_rows
from desktop.ui import printing
from desktop.ui.background_jobs import BackgroundJobs
from desktop.ui.participant_list import MARGIN_MM, ParticipantSheet, paint_participant_list


class AttendancePaperwork(QObject):
    exported = Signal(object)  # ExportDone, once the file is complete and audited
    list_ready = Signal(object)  # ParticipantSheet, when the preview opens

    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.jobs = BackgroundJobs(self)
        self.preview: QWidget | None = None
        self.sheet: ParticipantSheet | None = None
        self.jobs.progress.connect(self._on_progress, Qt.QueuedConnection)
        self.jobs.done.connect(self._on_done, Qt.QueuedConnection)
        self.jobs.failed.connect(self._on_failed, Qt.QueuedConnection)

    @property
    def station(self):
        return self.page.worker.station

    def _ready(self) -> bool:
        return not self.page.locked and self.page.activity is not None

    def _say(self, text: str) -> None:
        self.page.message.setText(text)

    def export_to(self, path: Path, file_format: str = "csv") -> bool:
        """Starts writing the file on the background thread; `exported` says when it is complete."""
        if not self._ready():
            return False
        station, scope, path = self.station, self.page.scope(), Path(path)
        self._say(self.tr("書き出し中…"))
        return self.jobs.run("export", lambda progress: export_attendance(
            station, file_format, path, scope, via="window", progress=progress))

    def ask_export(self, file_format: str = "csv") -> None:
        if not self._ready():
            return
        title = self.tr("Excelで出力") if file_format == "xlsx" else self.tr("CSV出力")
        if not self._confirm_personal_data(title):
            return
        day = self.page.day_filter.currentData()
        default = f"attendance_{self.page.activity.id}{'_' + day if day else ''}.{file_format}"
        pattern = "Excel (*.xlsx)" if file_format == "xlsx" else "CSV (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self.page, title, default, pattern)
        if path:
            self.export_to(Path(path), file_format)

    def _confirm_personal_data(self, title: str) -> bool:
        answer = QMessageBox.warning(
            self.page, title,
            self.tr("このファイルには氏名・住所・連絡先などの個人情報が含まれます。"
                    "持ち出しや保管は自治体の規程に従ってください。出力しますか？"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def load_list(self) -> bool:
        """Reads the participant list's rows on the background thread; `list_ready` follows."""
        if not self._ready():
            return False
        station, scope, activity = self.station, self.page.scope(), self.page.activity
        when, style = self.page._clock(), self.page.date_style()
        self._say(self.tr("名簿を準備中…"))

        def build(_progress) -> ParticipantSheet:
            rows = list(stream_rows(station.engine, station.ledger, scope))
            return ParticipantSheet(activity, station.local_government or activity.designating_lg, rows, when,
                                    day=scope.day_from, date_style=style)

        return self.jobs.run("list", build)

    def ask_print_list(self) -> None:
        if not self._ready():
            return
        answer = QMessageBox.warning(
            self.page, self.tr("名簿を印刷"),
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
        self.preview = printing.open_preview(self.page, printer, self.print_list_to, self.tr("受付名簿の印刷"))
        # Accepted means printed (to paper or to a file): personal data left on paper.
        self.preview.accepted.connect(lambda: self._list_printed(sheet))
        self._say("")
        self.list_ready.emit(sheet)

    def _list_printed(self, sheet: ParticipantSheet) -> None:
        AuditLog.for_data_dir(self.station.root).append(
            "participant_list_printed", rows=len(sheet.rows), via="window")
        self._say(self.tr("名簿を印刷しました（%1 件）").replace("%1", str(len(sheet.rows))))

    def _on_progress(self, tag: str, count: int) -> None:
        if tag == "export":
            self._say(self.tr("書き出し中… %1 件").replace("%1", str(count)))

    def _on_done(self, tag: str, value) -> None:
        if tag == "export":
            self._say(self.tr("%1 件を書き出しました: %2").replace("%1", str(value.rows)).replace("%2", str(value.out)))
            self.exported.emit(value)
        elif tag == "list" and not self.page.locked:
            self._open_list_preview(value)

    def _on_failed(self, tag: str, error: str) -> None:
        if tag == "export":
            self._say(self.tr("書き出せませんでした: %1").replace("%1", error))
        elif tag == "list":
            self._say(self.tr("名簿を準備できませんでした: %1").replace("%1", error))
