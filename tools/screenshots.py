"""Screenshots of the real station window.

    python tools/screenshots.py                  # the README set → docs/screenshots/ (under Xvfb)
    python tools/screenshots.py --review [DIR]   # every page, Japanese and English → build/screenshots

The README set runs the real window on a fresh demo data folder: a demo platform key is made and
trusted, demo cards are rendered as QR images and fed through the replay source (the path
`furusato-field --replay` uses instead of a webcam). With no $DISPLAY the script re-runs itself
under `xvfb-run`; fonts-noto-cjk must be installed for the Japanese text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
README_DIR = ROOT / "docs" / "screenshots"
MAX_BYTES = 300_000
SIZE = (1280, 800)


def _under_xvfb(argv: list[str]) -> None:
    """Re-run this script inside a virtual X server when there is no display."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        raise SystemExit("no $DISPLAY and no xvfb-run: install xvfb, or set QT_QPA_PLATFORM=offscreen")
    command = [xvfb, "-a", "-s", "-screen 0 1600x1000x24", sys.executable, str(Path(__file__).resolve()), *argv]
    raise SystemExit(subprocess.call(command))


def _wait(app, condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, seconds: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def save_small(image, path: Path) -> Path:
    """PNG under MAX_BYTES: full colour if it fits, else 256 colours, else scaled down."""
    from PySide6.QtCore import Qt  # noqa: TID251 (a UI tool)
    from PySide6.QtGui import QImage  # noqa: TID251

    image.save(str(path), "PNG", 9)
    if path.stat().st_size > MAX_BYTES:
        image = image.convertToFormat(QImage.Format_Indexed8, Qt.ThresholdDither)
        image.save(str(path), "PNG", 9)
    while path.stat().st_size > MAX_BYTES:
        image = image.scaledToWidth(int(image.width() * 0.85), Qt.SmoothTransformation)
        image.save(str(path), "PNG", 9)
    return path


def card_frames(folder: Path, token: str) -> Path:
    """A folder holding the card's QR as a phone screen shows it (what the replay source plays)."""
    import segno

    folder.mkdir(parents=True, exist_ok=True)
    segno.make_qr(token, error="m").save(str(folder / "card.png"), scale=6, border=4)
    return folder


def readme_set(out: Path) -> list[Path]:
    from PySide6.QtTest import QTest  # noqa: TID251 (a UI tool)
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from desktop import paths
    from desktop.scanner.replay import ReplaySource
    from desktop.station import Station
    from desktop.ui.app import _application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings
    from desktop.ui.translations import ensure_compiled
    from furusato.activity import JST
    from furusato.card_token import issue_card
    from furusato.keys import KeySet, generate_key, save_jwks
    from furusato.outcomes import Outcome

    app = _application()
    ensure_compiled("en")
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(JST).replace(hour=10, minute=30, second=0, microsecond=0)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "station"
        demo_key, forged_key = generate_key(), generate_key()
        data.mkdir()
        save_jwks(paths.trusted_keys_file(data), KeySet.of(demo_key).to_jwks())  # trust the demo platform key
        iat = int(now.timestamp()) - 3600
        good = card_frames(Path(tmp) / "good", issue_card(demo_key, iss="https://platform.demo", sub="demo-0001",
                                                           name="山田 花子", iat=iat, days=30))
        forged = card_frames(Path(tmp) / "forged", issue_card(forged_key, iss="https://platform.demo",
                                                               sub="demo-0002", name="佐藤 次郎", iat=iat, days=30))
        station = Station.open(data, now=now)
        settings = StationSettings(data / "screenshots-settings.json")
        settings.set("outdoor_mode", True)
        settings.set("sound_enabled", False)
        replay = {"folder": good}
        window = MainWindow(station, clock=lambda: now, settings=settings,
                            source_factory=lambda _s: ReplaySource(replay["folder"], loop=True, fps=15))
        window.resize(*SIZE)
        window.show()
        QTest.qWaitForWindowExposed(window)

        def shot(name: str, widget=None) -> None:
            _settle(app)
            shots.append(save_small((widget or window).grab().toImage(), out / name))

        window.show_picker()
        shot("picker_ja.png")

        window.open_activity(next(a for a in station.activities.all() if "定例会" in a.title))
        panel = window.checkin.panel
        _wait(app, lambda: panel.result is not None and panel.result.outcome is Outcome.RECORDED)
        _settle(app, 0.6)  # a few preview frames
        shot("checkin_recorded_ja.png")

        window.checkin.capture.stop()
        replay["folder"] = forged
        window.start_camera()
        _wait(app, lambda: panel.result is not None and panel.result.outcome is not Outcome.RECORDED
              and panel.result.outcome is not Outcome.DUPLICATE)
        _settle(app, 0.6)
        shot("checkin_refused_ja.png")
        window.checkin.capture.stop()

        window.checkin.show_manual_form()
        form = window.checkin.form
        form.edits["name"].setText("田中 花子")
        form.edits["postal_code"].setText("123")
        form.edits["birth_date"].setText("昭和99年1月1日")
        form.edits["email"].setText("hanako@")
        form.save_button.click()
        _wait(app, lambda: len(form.visible_errors()) >= 3 and window.checkin.in_flight == 0)
        shot("manual_errors_ja.png")

        window.show_qr()
        _settle(app)
        poster = window.qr.poster_image(900)
        shots.append(save_small(poster, out / "poster_a4.png"))

        window.close()
        window.deleteLater()
        app.processEvents()
        station.close()
    QApplication.processEvents()
    return shots


def review_set(out: Path) -> None:
    """Every page, both languages, offscreen: to review layouts and text length after translating."""
    from desktop.checkin import CheckinResult
    from desktop.station import Station
    from desktop.ui.app import _application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_registry import StationSettings
    from desktop.ui.translations import ensure_compiled
    from furusato.activity import JST
    from furusato.outcomes import Outcome

    app = _application()
    ensure_compiled("en")
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(tmp, now=now)
        window = MainWindow(station, clock=lambda: now, settings=StationSettings(Path(tmp) / "s.json"),
                            source_factory=None)
        window.resize(*SIZE)
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
            pages = (("manual", window.checkin.show_manual_form), ("attendance", window.show_attendance),
                     ("qr", window.show_qr), ("settings", window.show_settings), ("first_run", window.show_first_run),
                     ("demo_card", window.first_run.show_demo_card), ("picker", window.show_picker))
            for name, show in pages:
                show()
                app.processEvents()
                window.grab().save(str(out / f"{lang}_{name}.png"))
        window.close()
        window.deleteLater()
        app.processEvents()
        station.close()
    print(out)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--review"]:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        review_set(Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "screenshots")
        return 0
    _under_xvfb(argv)
    for path in readme_set(Path(argv[0]) if argv else README_DIR):
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
