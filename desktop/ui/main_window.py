"""The station's main window: a stack of pages, wired together; it renders and forwards intent only."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from desktop import __version__
from desktop.station import Station
from desktop.store.attendance_view import AttendanceView
from desktop.ui.activity_picker_page import ActivityPickerPage
from desktop.ui.activity_qr_page import ActivityQrPage
from desktop.ui.attendance_page import AttendancePage
from desktop.ui.checkin_page import CheckinPage
from desktop.ui.checkin_runner import StationWorker
from desktop.ui.settings_page import SettingsPage
from desktop.ui.settings_registry import StationSettings
from desktop.ui.sounds import OutcomeSounds
from desktop.ui.status_bar import StationStatusBar
from desktop.ui.styles import style_for
from desktop.ui.translations import Language
from furusato.activity import JST, Activity, local_day

SourceFactory = Callable[[StationSettings], object | None]


REPLAY_ENV = "FURUSATO_FIELD_REPLAY"  # a folder of images or a video: the demo without a webcam


def camera_source(settings: StationSettings):
    from desktop.scanner.camera import CameraSource

    replay = os.environ.get(REPLAY_ENV)
    if replay:
        from desktop.scanner.replay import ReplaySource

        return ReplaySource(replay, loop=True, fps=15)

    width, height = (int(v) for v in settings.get("camera_resolution").split("x"))
    return CameraSource(settings.get("camera_index"), width=width, height=height)


class MainWindow(QMainWindow):
    def __init__(self, station: Station, clock: Callable[[], datetime] = lambda: datetime.now(JST), *,
                 settings: StationSettings | None = None, source_factory: SourceFactory | None = camera_source,
                 language: Language | None = None):
        super().__init__()
        self.station = station
        self._clock = clock
        self.settings = settings or StationSettings.for_root(station.root)
        self.source_factory = source_factory
        self.language = language or Language()
        self.worker = StationWorker(station, self)
        self.view = AttendanceView(station.engine, station.ledger)
        self.sounds = OutcomeSounds(self, enabled=self.settings.get("sound_enabled"),
                                    volume=self.settings.get("sound_volume"))
        self.resize(1100, 720)

        self.pages = QStackedWidget(self)
        self.picker = ActivityPickerPage(self)
        self.checkin = CheckinPage(self.worker, self.view, self.sounds, clock, self)
        self.attendance = AttendancePage(self.worker, self.view, clock, self)
        self.qr = ActivityQrPage(station, self)
        self.settings_page = SettingsPage(self.settings, station.root, self)
        for page in (self.picker, self.checkin, self.attendance, self.qr, self.settings_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.status = StationStatusBar(station, self)
        self.setStatusBar(self.status)
        self.activity_model = self.picker.model  # the activity list, as before

        self.picker.activity_chosen.connect(self.open_activity)
        self.checkin.back_requested.connect(self.show_picker)
        self.checkin.attendance_requested.connect(self.show_attendance)
        self.checkin.qr_requested.connect(self.show_qr)
        self.checkin.camera_toggle_requested.connect(self.toggle_camera)
        self.checkin.recorded.connect(self.status.refresh)
        self.attendance.back_requested.connect(self.show_checkin)
        self.attendance.changed.connect(self.status.refresh)
        self.attendance.changed.connect(self.checkin.refresh)
        self.qr.back_requested.connect(self.show_checkin)
        self.settings_page.back_requested.connect(self.show_picker)
        self.settings_page.changed.connect(self.apply_setting)
        self.picker.settings_requested.connect(self.show_settings)
        self.pages.currentChanged.connect(self._page_changed)
        settings_key = QShortcut(QKeySequence("F9"), self)
        settings_key.activated.connect(self.show_settings)

        self.setStyleSheet(style_for(self.settings.get("outdoor_mode")))
        if self.settings.get("language") != "ja":
            self.language.switch(self.settings.get("language"))
        self.retranslate()
        self.refresh()

    # --- text ---
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ふるさと住民登録 活動受付") + f" {__version__}")

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        self.checkin.refresh()
        self.checkin.setFocus()

    def show_attendance(self) -> None:
        if self.checkin.activity is not None:
            self.attendance.set_activity(self.checkin.activity, local_day(self._clock()).isoformat())
        self.pages.setCurrentWidget(self.attendance)
        self.attendance.table.setFocus()

    def show_qr(self) -> None:
        if self.checkin.activity is not None:
            self.qr.set_activity(self.checkin.activity)
        self.pages.setCurrentWidget(self.qr)
        self.qr.setFocus()

    def show_settings(self) -> None:
        self.pages.setCurrentWidget(self.settings_page)
        self.settings_page.camera_enabled.setFocus()

    def _page_changed(self, _index: int) -> None:
        on_checkin = self.pages.currentWidget() is self.checkin
        self.checkin.set_scanning(on_checkin)
        if on_checkin and self.settings.get("camera_enabled"):
            self.start_camera()
        elif not on_checkin:
            self.checkin.capture.stop()

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

    def closeEvent(self, event) -> None:  # noqa: N802
        self.checkin.capture.stop()
        self.checkin.set_scanning(False)
        self.worker.wait(5000)
        super().closeEvent(event)
