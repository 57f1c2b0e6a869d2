"""The station's main window: a stack of pages, wired together; it renders and forwards intent only."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__, first_run
from desktop.privacy.audit_log import AuditLog
from desktop.privacy.operator_lock import LockState, OperatorSession
from desktop.record_settings import RecordSettings
from desktop.removable_drives import list_drives
from desktop.station import Station
from desktop.station_activities import create_activity, designating_lg
from desktop.store.attendance_view import AttendanceView
from desktop.ui.activity_picker_page import ActivityPickerPage
from desktop.ui.activity_qr_page import ActivityQrPage
from desktop.ui.attendance_page import AttendancePage
from desktop.ui.checkin_page import CheckinPage
from desktop.ui.checkin_runner import StationWorker
from desktop.ui.enrollment_runner import EnrollmentRunner
from desktop.ui.first_run_page import FirstRunPage
from desktop.ui.lock_bar import LockBar
from desktop.ui.new_activity_dialog import NewActivityDialog
from desktop.ui.page_stack import PageStack, scrolling
from desktop.ui.search_backfill import SearchBackfill
from desktop.ui.settings_page import SettingsPage
from desktop.ui.settings_registry import StationSettings
from desktop.ui.sounds import OutcomeSounds
from desktop.ui.status_bar import StationStatusBar, pending_count
from desktop.ui.stick_dialog import StickDialog
from desktop.ui.styles import style_for
from desktop.ui.sync_runner import SyncRunner
from desktop.ui.translations import Language
from desktop.ui.warning_banner import WarningBanner
from furusato.activity import JST, Activity, local_day
from furusato.activity_proposal import ProposalInvalid

SourceFactory = Callable[[StationSettings], object | None]


SMALL_SCREEN_WIDTH = 1366  # the common old municipal laptop, and anything narrower: open maximised
DEFAULT_SIZE = (1280, 800)  # on a larger screen, a window of a laptop's size

REPLAY_ENV = "FURUSATO_FIELD_REPLAY"  # a folder of images or a video: the demo without a webcam


def replay_source(path: str):
    """A source factory that plays `path` (a folder of images or a video) in a loop instead of the camera."""

    def factory(_settings: StationSettings):
        from desktop.scanner.replay import ReplaySource

        return ReplaySource(path, loop=True, fps=15)

    return factory


def camera_source(settings: StationSettings):
    from desktop.scanner.camera import CameraSource

    replay = os.environ.get(REPLAY_ENV)
    if replay:
        return replay_source(replay)(settings)

    width, height = (int(v) for v in settings.get("camera_resolution").split("x"))
    return CameraSource(settings.get("camera_index"), width=width, height=height)


def idle_limit_seconds(minutes: int) -> float:
    """The settings' minutes as OperatorSession's limit; 0 means never (only Ctrl+L locks)."""
    return math.inf if minutes <= 0 else minutes * 60.0


_OPERATOR_EVENTS = (QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseButtonDblClick, QEvent.Wheel,
                    QEvent.TouchBegin)


class OperatorActivityFilter(QObject):
    """Application-wide: keyboard and mouse input on this window (or its dialogs) is operator activity.

    Installed before the check-in page's wedge filter, so it runs after it (Qt calls the filter
    installed last first): a scanner gun's burst is swallowed by the wedge and never counts; keys
    the wedge hands back as a person's typing are re-sent and do count."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _OPERATOR_EVENTS and isinstance(watched, QWidget) and self._ours(watched):
            self._window.session.operator_activity()
        return False

    def _ours(self, widget: QWidget) -> bool:
        top = widget.window()
        while top is not None:
            if top is self._window:
                return True
            parent = top.parentWidget()
            top = parent.window() if parent is not None else None
        return False


class MainWindow(QMainWindow):
    def __init__(self, station: Station, clock: Callable[[], datetime] = lambda: datetime.now(JST), *,
                 settings: StationSettings | None = None, source_factory: SourceFactory | None = camera_source,
                 language: Language | None = None, sync: bool = True, sync_options: dict | None = None,
                 lock_clock: Callable[[], float] = time.monotonic):
        """`sync`: start the background sync when the station is enrolled; `sync_options` go to SyncWorker.

        The operator has just signed in (app.run_window) when the window is built, so it starts
        unlocked; `lock_clock` drives the idle lock (tests pass a fake one)."""
        super().__init__()
        self._closed = False
        self.station = station
        self._clock = clock
        self.settings = settings or StationSettings.for_root(station.root)
        self.source_factory = source_factory
        self.language = language or Language()
        self.worker = StationWorker(station, self)
        self.view = AttendanceView(station.engine, station.ledger)
        self.sounds = OutcomeSounds(self, enabled=self.settings.get("sound_enabled"),
                                    volume=self.settings.get("sound_volume"))
        self.resize(*DEFAULT_SIZE)
        self.session = OperatorSession(idle_limit_seconds(self.settings.get("idle_lock_minutes")), clock=lock_clock)
        self.session.unlocked()
        self._lock_reason = "idle"

        self.pages = PageStack(self)
        self.picker = ActivityPickerPage(self)
        self.checkin = CheckinPage(self.worker, self.view, self.sounds, clock, self)
        self.attendance = AttendancePage(self.worker, self.view, clock, self)
        self.qr = ActivityQrPage(station, self)
        self.settings_page = SettingsPage(self.settings, station.root, self, records=RecordSettings(station.meta))
        self.enrollment = EnrollmentRunner(station, self)
        self.first_run = FirstRunPage(station, self.enrollment, self._first_run_camera, self)
        for page in (self.picker, self.checkin, self.attendance, self.qr, self.settings_page, self.first_run):
            self.pages.addWidget(page)
        # The clock is minutes off; the central will not take a record (the whole message, not an
        # elided status-bar line).
        self.clock_banner = WarningBanner("clockBanner", "#c62828", 16, self)
        self.blocked_banner = WarningBanner("blockedBanner", "#e65100", 14, self)
        # What the blocked banner tells the operator to do, one press away; it takes no focus either.
        self.blocked_usb_button = QPushButton(self)
        self.blocked_usb_button.setObjectName("blockedUsbButton")
        self.blocked_usb_button.setFocusPolicy(Qt.NoFocus)
        self.blocked_usb_button.hide()
        blocked_row = QHBoxLayout()
        blocked_row.setContentsMargins(0, 0, 0, 0)
        blocked_row.setSpacing(0)
        blocked_row.addWidget(self.blocked_banner, 1)
        blocked_row.addWidget(self.blocked_usb_button)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.clock_banner)
        column.addLayout(blocked_row)
        self.lock_bar = LockBar(station.root, self)
        column.addWidget(self.lock_bar)
        self.page_view = scrolling(self.pages, self)
        column.addWidget(self.page_view, 1)
        self.setCentralWidget(central)
        self.status = StationStatusBar(station, self)
        self.setStatusBar(self.status)
        column.addWidget(self.status.error)  # the whole sentence, on its own line above the bar
        self.status.clock_warning.connect(self.clock_banner.show_text)
        self.status.blocked_warning.connect(self.blocked_banner.show_text)
        self.status.blocked_warning.connect(lambda text: self.blocked_usb_button.setVisible(bool(text)))
        self.blocked_usb_button.clicked.connect(self.show_stick)
        self.stick_dialog: StickDialog | None = None
        self.drive_lister = list_drives  # what the stick dialog lists (tests point it at a temp "drive")
        self.sync = SyncRunner(station, self.status.sync_status.emit, **(sync_options or {}))
        self.activity_model = self.picker.model  # the activity list, as before

        self.picker.activity_chosen.connect(self.open_activity)
        self.checkin.back_requested.connect(self.show_picker)
        self.checkin.attendance_requested.connect(self.show_attendance)
        self.checkin.qr_requested.connect(self.show_qr)
        self.checkin.camera_toggle_requested.connect(self.toggle_camera)
        # A new record is one more to send: counted on, not counted again (that grows with the outbox).
        self.checkin.recorded.connect(self.status.note_new_record)
        self.checkin.recorded.connect(self.sync.wake)
        self.attendance.changed.connect(self.sync.wake)
        self.attendance.back_requested.connect(self.show_checkin)
        self.attendance.changed.connect(self.status.note_new_record)
        self.attendance.row_changed.connect(self.checkin.apply_change)
        self.qr.back_requested.connect(self.show_checkin)
        self.settings_page.back_requested.connect(self.leave_settings)
        self._before_settings: QWidget | None = None  # the page settings' 戻る returns to
        self.settings_page.changed.connect(self.apply_setting)
        self.settings_page.record_setting_changed.connect(self.apply_record_setting)
        self.picker.settings_requested.connect(self.show_settings)
        self.picker.stick_requested.connect(self.show_stick)
        self.picker.new_activity_requested.connect(self.show_new_activity)
        self.worker.done.connect(self._job_done, Qt.QueuedConnection)
        self.worker.failed.connect(self._job_failed, Qt.QueuedConnection)
        self.new_activity_dialog: NewActivityDialog | None = None
        # --- the first start: demo or enrolment ---
        self.first_run.demo_chosen.connect(self.show_picker)
        self.first_run.enrolled.connect(self._enrolled)
        self.checkin.enrollment_scanned.connect(self.show_first_run_scanned)
        self.settings_page.enroll_requested.connect(self.show_first_run)
        self._show_enrollment_state()
        self.pages.currentChanged.connect(self._page_changed)
        settings_key = QShortcut(QKeySequence("F9"), self)
        settings_key.activated.connect(self.show_settings)
        stick_key = QShortcut(QKeySequence("F10"), self)  # F8 is the picker's 「新しい活動」
        stick_key.activated.connect(self.show_stick)

        # --- the operator lock (guideline IV-4) ---
        self.session.listeners.append(self._lock_changed)
        self.lock_bar.unlocked.connect(self._unlocked)
        self.checkin.scanned.connect(self.session.scan_activity)
        self.checkin.unlock_requested.connect(self.lock_bar.open_unlock)
        lock_key = QShortcut(QKeySequence("Ctrl+L"), self)
        lock_key.setContext(Qt.WindowShortcut)
        lock_key.activated.connect(self.lock_shortcut)
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self.tick_lock)
        self.lock_timer.start()
        self.activity_filter = OperatorActivityFilter(self)
        QApplication.instance().installEventFilter(self.activity_filter)

        self.setStyleSheet(style_for(self.settings.get("outdoor_mode")))
        self.language.switch(self.settings.get("language"))  # Japanese too: Qt's own dialogs need qtbase_ja
        self.retranslate()
        self.refresh()
        # What grows with the ledger is read on the worker, behind any write already asked for,
        # while the window is already usable: the records waiting to be sent, and (once, after an
        # upgrade) the search index of the records the station held before it.
        self.worker.run(lambda: pending_count(station), "pending_count")
        self.search_backfill = SearchBackfill(self.worker, self)
        self.search_backfill.progressed.connect(lambda below: self.attendance.set_search_ready(not below))
        self.search_backfill.start()
        if sync:
            self.start_sync()
        if first_run.needs_first_run(station):
            self.show_first_run()

    # --- text ---
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ふるさと住民登録 活動受付") + f" {__version__}")
        self.blocked_usb_button.setText(self.tr("USBで書き出す (F10)"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_for_screen(self) -> None:
        """Maximised on a small screen (≤ 1366 px wide), where every line counts; else a laptop-sized window."""
        available = self.screen().availableGeometry()
        if available.width() <= SMALL_SCREEN_WIDTH:
            self.showMaximized()
            return
        self.resize(min(DEFAULT_SIZE[0], available.width()), min(DEFAULT_SIZE[1], available.height()))
        self.show()

    # --- navigation ---
    def refresh(self) -> None:
        self.picker.set_activities(self.station.activities.all(), self.station.activities.checked_in_counts(),
                                   self._clock())

    def open_activity(self, activity: Activity) -> None:
        self.checkin.set_activity(activity)
        self.show_checkin()

    def show_picker(self) -> None:
        self.refresh()
        self.pages.setCurrentWidget(self.picker)
        self.picker.focus_search()

    def show_checkin(self) -> None:
        self.pages.setCurrentWidget(self.checkin)
        self.checkin.refresh()  # from memory: the list and count followed every change meanwhile
        self.checkin.setFocus()

    def show_attendance(self) -> None:
        if self.locked:
            self.lock_bar.open_unlock()
            return
        if self.checkin.activity is not None:
            self.attendance.set_activity(self.checkin.activity, local_day(self._clock()).isoformat())
        self.pages.setCurrentWidget(self.attendance)
        self.attendance.table.setFocus()

    def show_qr(self) -> None:
        if self.checkin.activity is not None:
            self.qr.set_activity(self.checkin.activity)
        self.pages.setCurrentWidget(self.qr)
        self.qr.setFocus()

    # --- an activity made here (issue 15) ---
    def show_new_activity(self) -> None:
        if self.locked:
            self.lock_bar.open_unlock()
            return
        dialog = NewActivityDialog(designating_lg(self.station), self._clock(), self)
        dialog.submitted.connect(self._create_activity)
        dialog.finished.connect(lambda _result: setattr(self, "new_activity_dialog", None))
        self.new_activity_dialog = dialog
        dialog.open()

    def _create_activity(self, values: dict) -> None:
        station, now = self.station, self._clock()

        def create():
            try:
                return create_activity(station, now=now, **values)
            except ProposalInvalid as invalid:
                return invalid  # shown in the dialog, not a failure of the worker

        self.worker.run(create, "new_activity")

    def _job_done(self, tag: str, value) -> None:
        if tag == "pending_count":
            self.status.set_pending(value)
            return
        if tag != "new_activity" or self.new_activity_dialog is None:
            return
        if isinstance(value, ProposalInvalid):
            self.new_activity_dialog.show_invalid(value)
            return
        self.new_activity_dialog.accept()
        self.refresh()
        self.open_activity(value)

    def _job_failed(self, tag: str, _error: str) -> None:
        if tag == "new_activity" and self.new_activity_dialog is not None:
            self.new_activity_dialog.show_invalid(ProposalInvalid("title", "not written", "write_failed"))

    def show_settings(self) -> None:
        if self.locked:
            self.lock_bar.open_unlock()
            return
        if self.pages.currentWidget() is not self.settings_page:
            self._before_settings = self.pages.currentWidget()
        self.pages.setCurrentWidget(self.settings_page)
        self.settings_page.camera_enabled.setFocus()

    def leave_settings(self) -> None:
        """Back to the page settings were opened from: a check-in page opened from keeps scanning."""
        back, self._before_settings = self._before_settings, None
        has_activity = self.checkin.activity is not None
        if back is self.checkin and has_activity:
            self.show_checkin()
        elif back is self.attendance and has_activity:
            self.show_attendance()
        elif back is self.qr and has_activity:
            self.show_qr()
        else:
            self.show_picker()
    def show_stick(self) -> StickDialog | None:
        """「USBに書き出す」/「受領書を読み込む」: personal data leaves on the stick, so not while locked."""
        if self.locked:
            self.lock_bar.open_unlock()
            return None
        if self.stick_dialog is None:
            self.stick_dialog = StickDialog(self.worker, self, drive_lister=self.drive_lister)
            self.stick_dialog.receipt_applied.connect(self._receipt_applied)
        self.stick_dialog.show()
        self.stick_dialog.raise_()
        self.stick_dialog.activateWindow()
        return self.stick_dialog

    def _receipt_applied(self, _applied) -> None:
        """Records settled, perhaps a new catalogue: show it, and let the sync say whether it is unblocked."""
        self.status.refresh()
        if self.pages.currentWidget() is self.picker:
            self.refresh()
        self.sync.wake()

    def show_first_run(self) -> None:
        """The first-run screen: at the first start, and from the settings until the station is enrolled."""
        if self.station.enrolled:
            return
        self.first_run.refresh()
        self.pages.setCurrentWidget(self.first_run)
        self.first_run.focus_first()

    def show_first_run_scanned(self, text: str) -> None:
        """An enrolment QR code read on the check-in page of a station not yet enrolled."""
        if self.locked:
            self.lock_bar.open_unlock()
            return
        self.show_first_run()
        self.first_run.enroll_scanned(text)

    def _first_run_camera(self):
        return self.source_factory(self.settings) if self.source_factory else None

    def _enrolled(self, _enrollment) -> None:
        """Enrolled from the window: the demo key is gone (enroll re-read the trust); sync, and list
        the central's activities."""
        self._show_enrollment_state()
        self.status.refresh()
        self.start_sync()
        self.show_picker()

    def _show_enrollment_state(self) -> None:
        enrolled = self.station.enrolled
        self.checkin.accepts_enrollment = not enrolled
        self.settings_page.set_enrolled(enrolled)

    def _page_changed(self, _index: int) -> None:
        self.first_run.set_active(self.pages.currentWidget() is self.first_run)
        on_checkin = self.pages.currentWidget() is self.checkin
        self.checkin.set_scanning(on_checkin)
        if on_checkin and self.settings.get("camera_enabled"):
            self.start_camera()
        elif not on_checkin:
            self.checkin.capture.stop()

    # --- the operator lock ---
    @property
    def locked(self) -> bool:
        return self.session.state is LockState.LOCKED

    def tick_lock(self) -> LockState:
        """The 1 s timer: locks once the operator has been idle for the configured time."""
        return self.session.tick()

    def lock(self, reason: str = "manual") -> None:
        self._lock_reason = reason
        self.session.lock()

    def lock_shortcut(self) -> None:
        """Ctrl+L: lock now; when already locked, ask for the passphrase."""
        if self.locked:
            self.lock_bar.open_unlock()
        else:
            self.lock("manual")

    def _unlocked(self, _key) -> None:
        self.session.unlocked()

    def _lock_changed(self, state: LockState) -> None:
        locked = state is LockState.LOCKED
        if locked:
            AuditLog.for_data_dir(self.station.root).append("locked", reason=self._lock_reason, via="window")
            self._lock_reason = "idle"
            self._close_dialogs()
            if self.pages.currentWidget() in (self.attendance, self.settings_page):
                if self.checkin.activity is not None:
                    self.show_checkin()  # volunteers keep scanning while the operator is away
                else:
                    self.show_picker()
        self.checkin.set_locked(locked)
        self.attendance.set_locked(locked)
        self.first_run.set_locked(locked)
        self.lock_bar.set_locked(locked)
        if not locked and self.pages.currentWidget() is self.checkin:
            self.checkin.setFocus()

    def _close_dialogs(self) -> None:
        """A dialog left open (cancel reason, CSV export) may show a name: close it."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self.activity_filter._ours(widget):
                widget.done(QDialog.Rejected)

    # --- camera ---
    def start_camera(self, source=None) -> None:
        if self.checkin.capture.running:
            return
        source = source or (self.source_factory(self.settings) if self.source_factory else None)
        if source is not None:
            self.checkin.capture.start(source)

    def toggle_camera(self) -> None:
        if self.checkin.capture.running:
            self.checkin.capture.stop()
            self.checkin.preview.clear()
            self.checkin.retranslate()
        else:
            self.start_camera()

    # --- sync ---
    def start_sync(self) -> bool:
        """Starts the background sync when this station is enrolled; otherwise says so in the status bar."""
        if self.sync.start():
            self.status.set_network_state("starting")
            return True
        self.status.set_network_state("not_enrolled")
        return False

    # --- settings ---
    def apply_setting(self, key: str, value) -> None:
        if key == "language":
            self.language.switch(value)
        elif key == "outdoor_mode":
            self.setStyleSheet(style_for(value))
        elif key == "sound_enabled":
            self.sounds.enabled = value
        elif key == "sound_volume":
            self.sounds.set_volume(value)
        elif key in ("camera_index", "camera_resolution", "camera_enabled"):
            self.checkin.capture.stop()
        elif key == "idle_lock_minutes":
            self.session.idle_limit = idle_limit_seconds(value)

    def apply_record_setting(self, key: str, value) -> None:
        """Retention days and date style live in the station's database: written by its one writer."""
        records, root = RecordSettings(self.station.meta), self.station.root
        if key == "retention_days":
            def write():
                records.set_retention_days(value)
                AuditLog.for_data_dir(root).append("retention_changed", keep_days=value, via="window")
        elif key == "date_style":
            self.attendance.set_date_style(value)

            def write():
                records.set_date_style(value)
        else:
            return
        self.worker.run(write, "record_setting")

    # --- shutdown ---
    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stops the camera, the sync loop and the station's worker pool; idempotent. True when all ended."""
        if self._closed:
            return True
        self._closed = True
        self.lock_timer.stop()
        QApplication.instance().removeEventFilter(self.activity_filter)
        self.checkin.set_scanning(False)
        self.checkin.capture.stop(timeout)
        self.first_run.set_active(False)
        enrollment_done = self.enrollment.stop(timeout)
        sync_done = self.sync.stop(timeout)
        # Writes already asked for are records: let them land rather than drop them.
        pool_done = self.worker.shutdown(int(timeout * 1000))
        progress_done = self.checkin.progress.shutdown(int(timeout * 1000))
        jobs_done = self.attendance.paperwork.jobs.shutdown(int(timeout * 1000))  # a file being exported ends whole
        if self.stick_dialog is not None:  # so does a bundle being written to a stick
            jobs_done = self.stick_dialog.jobs.shutdown(int(timeout * 1000)) and jobs_done
        return (sync_done and pool_done and progress_done and jobs_done and enrollment_done
                and not self.checkin.capture.running and not self.first_run.capture.running)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
