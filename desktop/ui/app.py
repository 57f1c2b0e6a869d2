"""Starting the Qt application around an open station."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from desktop.station import Station


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("furusato-field")
    app.setApplicationDisplayName("ふるさと住民登録 活動受付")
    return app


def run_window(data_dir: str | None) -> int:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.translations import ensure_compiled

    app = _application()
    ensure_compiled("en")  # .qm files are build output: make them on a fresh checkout
    station = Station.open(data_dir)
    window = MainWindow(station)
    window.show()
    window.picker.focus_search()
    try:
        return app.exec()
    finally:
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
    window = MainWindow(station, source_factory=None)
    title = window.windowTitle()
    window.deleteLater()
    app.processEvents()
    if owned:
        station.close()
    return title
