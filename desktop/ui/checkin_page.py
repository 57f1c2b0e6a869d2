"""Check-in for one activity and day: camera, scanner gun and hand entry, one big answer.

Every input ends in StationWorker (CheckinService on a worker thread); this page only paints the
result that comes back through the worker's signal. The count and the recent list (TodayTally)
are read when an activity opens and then follow the results: a scan costs the GUI thread the
same at the day's first check-in or its ten-thousandth. After a check-in that stands, ProgressRunner
counts the person's activities (then asks the central) and the panel shows the figure under the
name, as long as it still shows that person.

The page always answers: a card scanned while the hand-entry form is open is shown at once in a
banner above the form (with its sound), and the form keeps what was typed. A once-a-second tick
ages the answer (「3秒前」), returns the panel to its idle prompt, and follows the activity's
window: outside it the panel says 受付時間外 instead of inviting a scan.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.checkin import CheckinResult
from desktop.checkin_tally import TodayTally
from desktop.progress import CENTRAL
from desktop.scanner.wedge_readings import looks_like_enrollment
from desktop.store.attendance_view import AttendanceView
from desktop.ui.activity_labels import closed_text
from desktop.ui.activity_status_note import ActivityStatusNote
from desktop.ui.checkin_runner import StationWorker
from desktop.ui.manual_entry_form import ManualEntryForm
from desktop.ui.outcome_texts import OutcomeClass, outcome_class, scanner_status_text
from desktop.ui.page_stack import PageStack
from desktop.ui.progress_runner import ProgressRunner
from desktop.ui.qt_capture import QtCapture
from desktop.ui.result_panel import ResultPanel
from desktop.ui.sounds import OutcomeSounds
from desktop.ui.wedge_filter import WedgeFilter
from furusato.activity import JST, Activity, local_day
from furusato.outcomes import Outcome

RECENT = 6
# Form fields that take Latin text only: no input method, so a gun scanned into them stays a scan.
LATIN_FIELDS = ("postal_code", "email", "phone", "accepted_at")


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
        self.tally = TodayTally(view, RECENT)
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
        self.title.setWordWrap(True)  # a long activity title wraps instead of widening the window
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
        self.preview.setMinimumSize(160, 120)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("background: #111; color: #ddd;")
        self.camera_status = QLabel(self)
        self.camera_status.setWordWrap(True)
        self.camera_status.hide()  # shown while it has something to say
        left.addWidget(self.preview, 1)
        left.addWidget(self.camera_status)
        body.addLayout(left, 2)
        self.body = body

        self.center = PageStack(self)  # as tall as the panel or the form, whichever shows
        self.panel = ResultPanel(self)
        self.banner = ResultPanel(self, compact=True)  # the answer above the form while it is open
        self.banner.hide()
        self.form = ManualEntryForm(lambda: local_day(self._clock()), self)
        self.center.addWidget(self.panel)
        self.form_view = self.form  # scrolls its own fields under a save bar that stays on screen
        self.center.addWidget(self.form_view)
        middle = QVBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.banner)
        middle.addWidget(self.center, 1)
        body.addLayout(middle, 3)

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

        # One row, the key under each name: five buttons fit 853 px (1280×720 at 150 %) in outdoor
        # mode. Hidden while the form is open, whose own bar (記録する / 戻る) takes its place.
        self.buttons = QWidget(self)
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.manual_button = QPushButton(self)
        self.attendance_button = QPushButton(self)
        self.qr_button = QPushButton(self)
        self.camera_button = QPushButton(self)
        self.back_button = QPushButton(self)
        for button in (self.manual_button, self.attendance_button, self.qr_button, self.camera_button,
                       self.back_button):
            # No fixed minimum: a button's own height (two lines, padding, border) is then one the
            # layout cannot squeeze when the page is short — 56 px clipped the key under the name.
            buttons.addWidget(button)
        outer.addWidget(self.buttons)

        self.manual_button.clicked.connect(self.show_manual_form)
        self.attendance_button.clicked.connect(self.attendance_requested.emit)
        self.qr_button.clicked.connect(self.qr_requested.emit)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.camera_button.clicked.connect(self.camera_toggle_requested.emit)
        self.checkout_button.clicked.connect(self.check_out_selected)
        self.form.submitted.connect(self.submit_manual)
        self.form.cancelled.connect(self.close_form)
        # Emitted on the capture and worker threads: queued into this (GUI) thread.
        self.capture.frame.connect(self._show_frame, Qt.QueuedConnection)
        self.capture.code.connect(self._camera_code, Qt.QueuedConnection)
        self.capture.status.connect(self._show_camera_status, Qt.QueuedConnection)
        self.wedge.scanned.connect(lambda text: self.submit_token(text, "wedge"))
        worker.finished.connect(self._on_result, Qt.QueuedConnection)
        worker.done.connect(self._on_done, Qt.QueuedConnection)
        worker.failed.connect(self._on_failed, Qt.QueuedConnection)
        self.progress.ready.connect(self._on_progress, Qt.QueuedConnection)
        self.ticker = QTimer(self)  # ages the answer and follows the activity's window
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        for key, slot in (("F2", self.show_manual_form), ("F3", self.attendance_requested.emit),
                          ("F4", self.qr_requested.emit), ("F6", self.check_out_selected),
                          ("F7", self.camera_toggle_requested.emit), ("Escape", self._escape)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        # An input method that is switched on turns a gun's burst into kana before any filter sees it:
        # off where the page listens while scanning (the page itself holds focus then) and in the
        # form's Latin-only fields. Names and addresses keep theirs; Japanese is typed there.
        for widget in (self, self.recent, *(self.form.edits[field] for field in LATIN_FIELDS)):
            widget.setAttribute(Qt.WA_InputMethodEnabled, False)
        self.retranslate()

    # --- text ---
    def retranslate(self) -> None:
        self.manual_button.setText(self.tr("手書き受付") + "\n(F2)")
        self.attendance_button.setText(self.tr("出席一覧") + "\n(F3)")
        self.qr_button.setText(self.tr("活動QR") + "\n(F4)")
        self.camera_button.setText(self.tr("カメラ 開始／停止") + "\n(F7)")
        self.back_button.setText(self.tr("活動選択に戻る") + "\n(Esc)")
        self.checkout_button.setText(self.tr("退出を記録 (F6)"))
        self.checkout_button.setToolTip(self.tr("最近の受付で選んだ人の退出を記録します"))
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
        self.count_label.setText(self.tr("本日の受付: %n 人", "", self.tally.count))
        self.checkout_button.setVisible(self.activity.multi_day)

    # --- activity ---
    def set_activity(self, activity: Activity) -> None:
        self.activity = activity
        self.status_note.set_activity(activity)
        self._forget_progress()
        self.panel.show_waiting()
        self.banner.show_waiting()
        self.show_panel()
        self._follow_window()
        self.reload()
        self.ticker.start()

    def tick(self) -> None:
        """Once a second (tests call it after moving their clock): answers age, then give way."""
        now = self._clock()
        self.panel.tick(now)
        self.banner.tick(now)
        if not self.banner.answering:
            self.banner.hide()
        self._follow_window()

    def _follow_window(self) -> None:
        self.panel.set_closed(closed_text(self.activity, self._clock()) if self.activity else None)

    def reload(self) -> None:
        """Today's count and latest check-ins from the database (a counter row and a few rows)."""
        if self.activity is None:
            return
        self.tally.load(self.activity.id, local_day(self._clock()).isoformat())
        self.refresh()

    def _follow_the_day(self) -> bool:
        """After midnight the page counts the new day: True when it had to read it."""
        if self.activity is not None and (self.tally.activity_id, self.tally.day) != (
                self.activity.id, local_day(self._clock()).isoformat()):
            self.reload()
            return True
        return False

    def refresh(self) -> None:
        """Paints the count and the recent list from the tally (no database, unless the day turned)."""
        if self.activity is None or self._follow_the_day():
            return
        self._update_heading()
        self.recent.clear()
        for entry in self.tally.recent:
            at = datetime.fromisoformat(entry.entry_at).astimezone(JST)
            text = f"{at:%H:%M}  " + (self.tr("（ロック中）") if self.locked else entry.name)
            if entry.exit_at:
                text += "  " + self.tr("（退出済）")
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, entry.record_id)
            self.recent.addItem(item)

    def apply_change(self, change) -> None:
        """A cancellation or correction made on the attendance list (AttendanceChange)."""
        if self._follow_the_day():
            return
        if change.kind == "cancel":
            changed = self.tally.cancelled(change.row)
        else:
            changed = self.tally.corrected(change.row, change.new_record_id, change.name)
        if changed:
            self.refresh()

    def set_locked(self, locked: bool) -> None:
        """Locked: no names in the result panel or the recent list, no hand-entry form; scans still record."""
        self.locked = locked
        self.panel.set_details_visible(not locked)
        self.banner.set_details_visible(not locked)
        if locked and self.form_open:
            self._show_centre(form=False)  # the typed text stays in the form, out of sight
        for button in (self.manual_button, self.checkout_button):
            button.setEnabled(not locked)
        self.recent.setEnabled(not locked)
        self.refresh()

    def set_scanning(self, active: bool) -> None:
        """The wedge listens while this page is on screen."""
        self.wedge.set_active(active)

    # --- inputs ---
    def submit_token(self, token: str, source: str = "scan") -> None:
        # looks_like_enrollment: also as a gun may bend it (JIS layout, CapsLock).
        if self.accepts_enrollment and looks_like_enrollment(token):
            self.enrollment_scanned.emit(token)  # never a card: the window enrols with it instead
            return
        if self.activity is None:
            return
        self.in_flight += 1
        self.scanned.emit()
        # A gun is a keyboard and may bend the token on the way (layout, CapsLock): retried in the core.
        self.worker.check_in_token(self.activity.id, token, at=self._clock(), tag=source,
                                   typed=source == "wedge")

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
        self.worker.run(lambda: (record_id, at, ledger.check_out(record_id, at=at)), "checkout")

    # --- results (GUI thread, via queued signals) ---
    def _on_result(self, tag: str, result: CheckinResult) -> None:
        self.in_flight -= 1
        now = self._clock()
        if tag == "manual":
            if result.outcome is Outcome.INVALID_INPUT:
                self.form.show_errors(result.field_errors)
                self.sounds.play(OutcomeClass.REFUSED)
                return
            if result.outcome in (Outcome.RECORDED, Outcome.DUPLICATE):
                self.form.clear()
            self.show_panel()
        elif self.form_open:
            self.banner.show_result(result, now)  # above the form: what was typed stays
            self.banner.show()
        self.panel.show_result(result, now)
        self._ask_progress(result)
        self.sounds.play(outcome_class(result.outcome))
        if result.outcome is Outcome.RECORDED:
            if not self._follow_the_day() and self.tally.recorded(
                    result.record_id, result.activity_id, result.at, result.display_name, result.person_key):
                self.refresh()
            self.recorded.emit()

    def _on_done(self, tag: str, value) -> None:
        if tag == "checkout":
            self.in_flight -= 1
            self._say(self.tr("退出を記録しました"))
            record_id, at, _appended = value
            if not self._follow_the_day() and self.tally.checked_out(record_id, at):
                self.refresh()
            self.recorded.emit()

    def _on_failed(self, tag: str, error: str) -> None:
        self.in_flight -= 1
        self._forget_progress()
        text = self.tr("記録できませんでした。もう一度お試しください。") + f"\n{error}"
        now = self._clock()
        self.panel.show_error(text, now)
        if self.form_open:
            self.banner.show_error(text, now)
            self.banner.show()
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
        self._say(scanner_status_text(code))

    def _say(self, text: str) -> None:
        self.camera_status.setText(text)
        self.camera_status.setVisible(bool(text))

    # --- pages inside ---
    @property
    def form_open(self) -> bool:
        return self.center.currentWidget() is self.form_view

    def show_manual_form(self) -> None:
        if self.locked:
            self.unlock_requested.emit()
            return
        self.banner.show_waiting()
        self._show_centre(form=True)
        self.form.edits["name"].setFocus()
        self.form.scroll.ensureWidgetVisible(self.form.cells["name"])

    def show_panel(self) -> None:
        self._show_centre(form=False)
        self.setFocus()

    def _show_centre(self, *, form: bool) -> None:
        """The form takes the recent list's and the button row's room, and narrows the preview."""
        self.banner.hide()
        self.center.setCurrentWidget(self.form_view if form else self.panel)
        self.side.setVisible(not form)
        self.buttons.setVisible(not form)
        self.body.setStretch(0, 1 if form else 2)

    def close_form(self) -> None:
        """戻る (Esc) from the hand-entry form: what was typed goes, so the next person's form does
        not open on this person's details (IV-4)."""
        self.form.clear()
        self.show_panel()

    def _escape(self) -> None:
        if self.form_open:
            self.close_form()
        else:
            self.back_requested.emit()
