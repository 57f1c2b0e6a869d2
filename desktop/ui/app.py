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


def open_station_signed_in(data_dir: str | None, language=None) -> Station | None:
    """Guideline IV-4: the passphrase comes before the station opens (set at first start, then asked).

    `language` (a translations.Language) is switched to the station's setting first, so the
    sign-in speaks it too. Returns None when the operator closes the sign-in dialog."""
    from desktop import paths
    from desktop.privacy.log_redaction import configure_logging
    from desktop.ui.settings_registry import StationSettings
    from desktop.ui.sign_in import obtain_data_key

    root = paths.data_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    configure_logging(root)
    lang = StationSettings.for_root(root).get("language")
    if language is not None and lang != "ja":
        language.switch(lang)
    data_key = obtain_data_key(root)
    if data_key is None:
        return None
    return Station.open(root, data_key=data_key)


def run_window(data_dir: str | None, replay: str | None = None) -> int:
    """`replay`: a folder of images or a video played instead of the camera (demos without a webcam)."""
    from desktop.ui.app_exit import ExitSignals, tear_down
    from desktop.ui.main_window import MainWindow, camera_source, replay_source
    from desktop.ui.translations import Language, ensure_compiled

    app = _application()
    exits = ExitSignals(app)  # SIGTERM and SIGINT end the way the close button does
    ensure_compiled("en")  # .qm files are build output: make them on a fresh checkout
    language = Language()
    station = open_station_signed_in(data_dir, language)
    if station is None:
        exits.restore()
        return 0 if exits.received else 1  # the operator (or a signal) closed the sign-in: nothing was opened
    window = MainWindow(station, source_factory=replay_source(replay) if replay else camera_source,
                        language=language)
    window.show()
    window.picker.focus_search()
    try:
        return app.exec()
    finally:
        tear_down(window)  # camera, sync and writes end and the window is deleted before the database closes
        station.close()
        exits.restore()


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
