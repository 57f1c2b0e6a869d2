"""Renders every page of the station window offscreen to PNG, in Japanese and English.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [out_dir]   (default: build/screenshots)

Uses a throw-away demo station; handy to review layouts and text length after translating.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication  # noqa: TID251 (a UI tool)

    from desktop.checkin import CheckinResult
    from desktop.station import Station
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings
    from desktop.ui.translations import ensure_compiled
    from furusato.activity import JST
    from furusato.outcomes import Outcome

    app = QApplication.instance() or QApplication([])
    ensure_compiled("en")
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(tmp, now=now)
        window = MainWindow(station, clock=lambda: now, settings=StationSettings(Path(tmp) / "s.json"),
                            source_factory=None)
        window.resize(1280, 800)
        window.show()
        for lang in ("ja", "en"):
            window.language.switch(lang)
            app.processEvents()
            window.show_picker()
            window.open_activity(window.picker.selected_activity())
            for outcome in (Outcome.RECORDED, Outcome.DUPLICATE, Outcome.BAD_SIGNATURE):
                window.checkin.panel.show_result(CheckinResult(outcome, display_name="山田 太郎"))
                app.processEvents()
                window.grab().save(str(out / f"{lang}_checkin_{outcome}.png"))
            window.checkin.show_manual_form()
            app.processEvents()
            window.grab().save(str(out / f"{lang}_manual.png"))
            window.show_attendance()
            app.processEvents()
            window.grab().save(str(out / f"{lang}_attendance.png"))
            window.show_qr()
            app.processEvents()
            window.grab().save(str(out / f"{lang}_qr.png"))
            window.show_settings()
            app.processEvents()
            window.grab().save(str(out / f"{lang}_settings.png"))
            window.show_picker()
            app.processEvents()
            window.grab().save(str(out / f"{lang}_picker.png"))
        window.close()
        window.deleteLater()
        app.processEvents()
        station.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "screenshots")
