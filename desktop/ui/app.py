"""Starting the Qt application around an open station."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.station import Station


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("furusato-field")
    app.setApplicationDisplayName("ふるさと住民登録 活動受付")
    _prefer_japanese_fonts(app)
    return app


# Japanese UI fonts first (Windows, macOS, Linux), so kana, kanji and Latin share one design.
JAPANESE_FONTS = ["Yu Gothic UI", "Meiryo UI", "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic"]


def _prefer_japanese_fonts(app: QApplication) -> None:
    installed = set(QFontDatabase.families())
    preferred = [family for family in JAPANESE_FONTS if family in installed]
    if preferred:
        font = app.font()
        font.setFamilies(preferred + list(font.families()))
        app.setFont(font)


def run_window(data_dir: str | None, replay: str | None = None) -> int:
    """`replay`: a folder of images or a video played instead of the camera (demos without a webcam)."""
    from desktop.ui.main_window import MainWindow, camera_source, replay_source
    from desktop.ui.translations import ensure_compiled

    app = _application()
    ensure_compiled("en")  # .qm files are build output: make them on a fresh checkout
    station = Station.open(data_dir)
    window = MainWindow(station, source_factory=replay_source(replay) if replay else camera_source)
    window.show()
    window.picker.focus_search()
    try:
        return app.exec()
    finally:
        window.shutdown()  # camera, sync and writes end before the database closes
        # Delete the window while Qt still runs: left to interpreter shutdown, PySide can crash.
        window.deleteLater()
        app.processEvents()
        station.close()


def build_offscreen_window(station: Station | None = None) -> str:
    """Builds (not shows) the real main window: the self-test's proof that Qt and its plugins load."""
    from desktop.ui.main_window import MainWindow

    app = _application()
    owned = station is None
    station = station or Station.open()
    window = MainWindow(station, source_factory=None, sync=False)
    title = window.windowTitle()
    window.deleteLater()
    app.processEvents()
    if owned:
        station.close()
    return title
