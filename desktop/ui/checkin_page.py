"""Check-in for one activity and day: camera, scanner gun and hand entry, one big answer.

Every input ends in StationWorker (CheckinService on a worker thread); this page only paints the
result that comes back through the worker's signal. After a check-in that stands, ProgressRunner
counts the person's activities (then asks the central) and the panel shows the figure under the
name, as long as it still shows that person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.checkin import CheckinResult
from desktop.progress import CENTRAL
from desktop.store.attendance_view import AttendanceView
from desktop.ui.activity_status_note import ActivityStatusNote
from desktop.ui.checkin_runner import StationWorker
from desktop.ui.manual_entry_form import ManualEntryForm
from desktop.ui.outcome_texts import OutcomeClass, outcome_class, scanner_status_text
from desktop.ui.progress_runner import ProgressRunner
from desktop.ui.qt_capture import QtCapture
from desktop.ui.result_panel import ResultPanel
from desktop.ui.sounds import OutcomeSounds
from desktop.ui.wedge_filter import WedgeFilter
from furusato import enrollment_qr
from furusato.activity import JST, Activity, local_day
from furusato.outcomes import Outcome

RECENT = 6


class CheckinPage(QWidget):
    back_requested = Signal()
    attendance_requested = Signal()
    qr_requested = Signal()
    camera_toggle_requested = Signal()
    recorded = Signal()  # a new record exists (status bar refreshes its pending count)
    scanned = Signal()  # a card came in (camera or wedge): not operator activity, it keeps no lock open
    unlock_requested = Signal()  # an operator-only action was asked for while the window is locked
    enrollment_scanned = Signal(str)  # an enrolment QR code, while accepts_enrollment (not enrolled yet)

    def __init__(self, worker: StationWorker, view: AttendanceView, sounds: OutcomeSounds,
                 clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.worker, self.view, self.sounds, self._clock = worker, view, sounds, clock
        self.activity: Activity | None = None
        self.in_flight = 0
        self.locked = False  # personal details hidden; scanning and recording go on
        self.accepts_enrollment = False  # the window sets it while the station is not enrolled
        self.capture = QtCapture(self)
        self.wedge = WedgeFilter(self)
        self.progress = ProgressRunner(worker.station, self)
        self._progress_ticket: int | None = None  # the figure the panel waits for, if any

        self.setFocusPolicy(Qt.StrongFocus)  # holds focus while scanning, so Esc and F-keys always work
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        top.addWidget(self.title, 1)
        top.addWidget(self.count_label)
        outer.addLayout(top)
        self.status_note = ActivityStatusNote(self)
        outer.addWidget(self.status_note)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.preview = QLabel(self)
        self.preview.setObjectName("preview")
        self.preview.setMinimumSize(320, 240)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("background: #111; color: #ddd;")
        self.camera_status = QLabel(self)
        self.camera_status.setWordWrap(True)
        self.camera_button = QPushButton(self)
        left.addWidget(self.preview, 1)
        left.addWidget(self.camera_status)
        left.addWidget(self.camera_button)
        body.addLayout(left, 2)

        self.center = QStackedWidget(self)
        self.panel = ResultPanel(self)
        self.form = ManualEntryForm(lambda: local_day(self._clock()), self)
        self.center.addWidget(self.panel)
        # Scrolls rather than stretching the window: in outdoor mode the form is taller than a 768-line screen.
        self.form_view = QScrollArea(self)
        self.form_view.setWidget(self.form)
        self.form_view.setWidgetResizable(True)
        self.form_view.setFrameShape(QScrollArea.NoFrame)
        self.form_view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.center.addWidget(self.form_view)
        body.addWidget(self.center, 3)

        self.side = QWidget(self)  # recent check-ins; hidden while the hand-entry form needs the room
        right = QVBoxLayout(self.side)
        right.setContentsMargins(0, 0, 0, 0)
        self.recent_heading = QLabel(self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentList")
        self.checkout_button = QPushButton(self)
        right.addWidget(self.recent_heading)
        right.addWidget(self.recent, 1)
        right.addWidget(self.checkout_button)
        body.addWidget(self.side, 2)
        outer.addLayout(body, 1)

        buttons = QHBoxLayout()
        self.manual_button = QPushButton(self)
        self.attendance_button = QPushButton(self)
        self.qr_button = QPushButton(self)
        self.back_button = QPushButton(self)
        for button in (self.manual_button, self.attendance_button, self.qr_button, self.back_button):
            button.setMinimumHeight(56)
            buttons.addWidget(button)
        outer.addLayout(buttons)

        self.manual_button.clicked.connect(self.show_manual_form)
        self.attendance_button.clicked.connect(self.attendance_requested.emit)
        self.qr_button.clicked.connect(self.qr_requested.emit)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.camera_button.clicked.connect(self.camera_toggle_requested.emit)
        self.checkout_button.clicked.connect(self.check_out_selected)
        self.form.submitted.connect(self.submit_manual)
        self.form.cancelled.connect(self.show_panel)
        # Emitted on the capture and worker threads: queued into this (GUI) thread.
        self.capture.frame.connect(self._show_frame, Qt.QueuedConnection)
        self.capture.code.connect(self._camera_code, Qt.QueuedConnection)
        self.capture.status.connect(self._show_camera_status, Qt.QueuedConnection)
        self.wedge.scanned.connect(lambda text: self.submit_token(text, "wedge"))
        worker.finished.connect(self._on_result, Qt.QueuedConnection)
        worker.done.connect(self._on_done, Qt.QueuedConnection)
        worker.failed.connect(self._on_failed, Qt.QueuedConnection)
        self.progress.ready.connect(self._on_progress, Qt.QueuedConnection)
        for key, slot in (("F2", self.show_manual_form), ("F3", self.attendance_requested.emit),
                          ("F4", self.qr_requested.emit), ("F6", self.check_out_selected),
                          ("F7", self.camera_toggle_requested.emit), ("Escape", self._escape)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.retranslate()

    # --- text ---
    def retranslate(self) -> None:
        self.manual_button.setText(self.tr("手書き受付 (F2)"))
        self.attendance_button.setText(self.tr("出席一覧 (F3)"))
        self.qr_button.setText(self.tr("活動QR (F4)"))
        self.back_button.setText(self.tr("活動選択に戻る (Esc)"))
        self.checkout_button.setText(self.tr("選択した人の退出を記録 (F6)"))
        self.camera_button.setText(self.tr("カメラ 開始／停止 (F7)"))
        self.recent_heading.setText(self.tr("最近の受付"))
        if not self.capture.running:
            self.preview.setText(self.tr("カメラ停止中"))
        self._update_heading()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_heading(self) -> None:
        if self.activity is None:
            return
        day = local_day(self._clock())
        self.title.setText(f"{self.activity.title}  {day:%Y-%m-%d}")
        count = self.view.active_count(self.activity.id, day.isoformat())
        self.count_label.setText(self.tr("本日の受付: %n 人", "", count))
        self.checkout_button.setVisible(self.activity.multi_day)

    # --- activity ---
    def set_activity(self, activity: Activity) -> None:
        self.activity = activity
        self.status_note.set_activity(activity)
        self._forget_progress()
        self.panel.show_waiting()
        self.show_panel()
        self.refresh()

    def refresh(self) -> None:
        if self.activity is None:
            return
        self._update_heading()
        day = local_day(self._clock()).isoformat()
        rows = [r for r in self.view.rows(self.activity.id, day) if r.status == "active"]
        self.recent.clear()
        for row in reversed(rows[-RECENT:]):
            at = datetime.fromisoformat(row.entry_at).astimezone(JST)
            text = f"{at:%H:%M}  " + (self.tr("（ロック中）") if self.locked else row.display_name)
            if row.exit_at:
                text += "  " + self.tr("（退出済）")
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, row.record_id)
            self.recent.addItem(item)

    def set_locked(self, locked: bool) -> None:
        """Locked: no names in the result panel or the recent list, no hand-entry form; scans still record."""
        self.locked = locked
        self.panel.set_details_visible(not locked)
        if locked and self.center.currentWidget() is self.form_view:
            self.center.setCurrentWidget(self.panel)  # the typed text stays in the form, out of sight
            self.side.show()
        for button in (self.manual_button, self.checkout_button):
            button.setEnabled(not locked)
        self.recent.setEnabled(not locked)
        self.refresh()

    def set_scanning(self, active: bool) -> None:
        """The wedge listens while this page is on screen."""
        self.wedge.set_active(active)

    # --- inputs ---
    def submit_token(self, token: str, source: str = "scan") -> None:
        if self.accepts_enrollment and enrollment_qr.looks_like(token):
            self.enrollment_scanned.emit(token)  # never a card: the window enrols with it instead
            return
        if self.activity is None:
            return
        self.in_flight += 1
        self.scanned.emit()
        self.worker.check_in_token(self.activity.id, token, at=self._clock(), tag=source)

    def _camera_code(self, text: str) -> None:
        self.submit_token(text, "camera")

    def submit_manual(self, data: dict) -> None:
        if self.activity is None or self.locked:
            return
        self.in_flight += 1
        self.worker.check_in_manual(self.activity.id, data, at=self._clock(), tag="manual")

    def check_out_selected(self) -> None:
        if self.locked:
            self.unlock_requested.emit()
            return
        item = self.recent.currentItem()
        if item is None or self.activity is None or not self.activity.multi_day:
            return
        record_id = item.data(Qt.UserRole)
        ledger, at = self.worker.station.ledger, self._clock()
        self.in_flight += 1
        self.worker.run(lambda: ledger.check_out(record_id, at=at), "checkout")

    # --- results (GUI thread, via queued signals) ---
    def _on_result(self, tag: str, result: CheckinResult) -> None:
        self.in_flight -= 1
        if tag == "manual":
            if result.outcome is Outcome.INVALID_INPUT:
                self.form.show_errors(result.field_errors)
                self.sounds.play(OutcomeClass.REFUSED)
                return
            if result.outcome in (Outcome.RECORDED, Outcome.DUPLICATE):
                self.form.clear()
            self.show_panel()
        self.panel.show_result(result)
        self._ask_progress(result)
        self.sounds.play(outcome_class(result.outcome))
        if result.outcome is Outcome.RECORDED:
            self.refresh()
            self.recorded.emit()

    def _on_done(self, tag: str, _value) -> None:
        if tag == "checkout":
            self.in_flight -= 1
            self.camera_status.setText(self.tr("退出を記録しました"))
            self.refresh()
            self.recorded.emit()

    def _on_failed(self, tag: str, error: str) -> None:
        self.in_flight -= 1
        self._forget_progress()
        self.panel.show_error(self.tr("記録できませんでした。もう一度お試しください。") + f"\n{error}")
        self.sounds.play(OutcomeClass.REFUSED)

    # --- progress (the panel's "2/3回" line) ---
    def _ask_progress(self, result: CheckinResult) -> None:
        if result.outcome in (Outcome.RECORDED, Outcome.DUPLICATE) and result.person_key:
            self._progress_ticket = self.progress.request(result.person_key, local_day(self._clock()))
        else:
            self._forget_progress()

    def _forget_progress(self) -> None:
        self._progress_ticket = None
        self.progress.cancel()

    def _on_progress(self, ticket: int, progress) -> None:
        if ticket != self._progress_ticket:
            return  # another person (or nobody) is on the panel now
        shown = self.panel.progress
        if shown is not None and shown.source == CENTRAL and progress.source != CENTRAL:
            return  # the central's figure, once shown, is not replaced by the station's
        self.panel.show_progress(progress)

    # --- camera ---
    def _show_frame(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(self.preview.size(), Qt.KeepAspectRatio, Qt.FastTransformation)
        self.preview.setPixmap(pixmap)

    def _show_camera_status(self, _status: str, code: str) -> None:
        self.camera_status.setText(scanner_status_text(code))

    # --- pages inside ---
    def show_manual_form(self) -> None:
        if self.locked:
            self.unlock_requested.emit()
            return
        self.center.setCurrentWidget(self.form_view)
        self.side.hide()
        self.form.edits["name"].setFocus()

    def show_panel(self) -> None:
        self.center.setCurrentWidget(self.panel)
        self.side.show()
        self.setFocus()

    def _escape(self) -> None:
        if self.center.currentWidget() is self.form_view:
            self.show_panel()
        else:
            self.back_requested.emit()
