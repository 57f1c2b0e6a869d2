"""Every page and dialog fits the laptops the station meets: 1366×768 and 1280×720, at 100, 125 and
150 % scaling, in normal and outdoor mode, in Japanese and English.

Scaling divides the screen Qt lays out on (1366×768 at 150 % is 911×512 logical pixels); a
maximised window also loses a title bar and a task bar. The window is given that room and
tests/ui/layout_check.py looks for a widget outside it (or clipped, or only half reachable) and
for text that does not fit its label, button, field hint or table header. The check-in page,
where volunteers queue, must fit without scrolling at every size; a settings page may scroll at
150 % (every control stays reachable). A subprocess repeats a sample under QT_SCALE_FACTOR=1.5
with the same verdict, so the logical-size shortcut is the real thing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.progress import CENTRAL, Progress
from desktop.station_activities import designating_lg
from desktop.ui.app import _prefer_japanese_fonts
from desktop.ui.new_activity_dialog import NewActivityDialog
from desktop.ui.settings_registry import StationSettings
from desktop.ui.sign_in import PassphraseSetupDialog, UnlockDialog
from desktop.ui.stick_dialog import StickDialog
from desktop.ui.styles import style_for
from furusato.activity import local_day
from furusato.outcomes import Outcome
from tests.ui.conftest import open_window, settle_window, wait_result
from tests.ui.layout_check import problems

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {"1366x768": (1366, 768), "1280x720": (1280, 720)}
SCALES = (1.0, 1.25, 1.5)
DESKTOP_CHROME = 70  # logical px a maximised window does not get: title bar (~30) and task bar (~40)


def client_size(screen: str, scale: float) -> tuple[int, int]:
    width, height = SCREENS[screen]
    return int(width / scale), int(height / scale) - DESKTOP_CHROME


SIZES = [(screen, scale, client_size(screen, scale)) for screen in SCREENS for scale in SCALES]
LONG_NAME = "長谷川 久美子（ハセガワ クミコ）"  # a long name in the panel, the recent list and the table


def _records(qtbot, window, card):
    """Rows for the recent list and the attendance table: a card and a hand-typed person."""
    window.show_picker()
    window.open_activity(next(a for a in window.station.activities.all() if "定例会" in a.title))
    page = window.checkin
    page.submit_token(card("sub-fit-0001", LONG_NAME), "test")
    wait_result(qtbot, window)
    today = local_day(window._clock())
    page.submit_manual({"name": "田中 花子", "postal_code": "9421432", "address": "松之山1-2",
                        "birth_date": "1980-04-01", "email": "hanako@example.jp", "phone": "090-1234-5678",
                        "accepted_at": f"{today.isoformat()} 09:30"})
    qtbot.waitUntil(lambda: page.in_flight == 0 and page.recent.count() == 2, timeout=10000)


def _offline(window):
    # The sync problem line shows, in full: English cut it off in the status bar.
    window.status.apply_sync_status(SimpleNamespace(state="offline", pending=2, last_error="unreachable",
                                                    last_success=None))


def _views(window, card):
    """(name, show) for every page and state a coordinator meets."""
    page = window.checkin
    meeting = next(a for a in window.station.activities.all() if "定例会" in a.title)
    tomorrow = next(a for a in window.station.activities.all() if "草刈り" in a.title)

    def checkin(result=None, progress=None, activity=meeting):
        def show():
            window.open_activity(activity)
            if result is not None:
                page.panel.show_result(result, window._clock())
            if progress is not None:
                page.panel.show_progress(progress)
        return show

    from desktop.checkin import CheckinResult

    recorded = CheckinResult(Outcome.RECORDED, display_name=LONG_NAME, person_key="card:x")
    progress = Progress(person="card:x", lg="152102", as_of=date.today(), count=2, required=3, source=CENTRAL)

    def manual_with_errors():
        window.open_activity(meeting)
        page.show_manual_form()
        form = page.form
        form.clear()
        form.edits["name"].setText("田中 花子")
        form.edits["birth_date"].setText(f"{date.today().year - 12}-01-01")
        form._edited("birth_date")  # a minor: the consent box shows
        form.show_errors({"name": "name_invalid", "postal_code": "postal_code_unknown", "address": "required",
                          "birth_date": "birth_date_invalid", "email": "email_invalid",
                          "phone": "phone_not_japanese", "accepted_at": "accepted_at_invalid",
                          "guardian_consent": "guardian_consent_missing"})

    def banner_over_form():
        manual_with_errors()
        page.banner.show_result(CheckinResult(Outcome.UNKNOWN_KEY, display_name=LONG_NAME), window._clock())
        page.banner.show()

    def first_run_error():
        window.show_first_run()
        window.first_run.show_choices()
        window.first_run.server_edit.setText("http://central.example.jp")  # not https: refused, in words
        window.first_run.code_edit.setText("ABCD-EFGH")
        window.first_run.enroll_typed()

    def locked(unlocking):
        def show():
            window.open_activity(meeting)
            window.lock()
            if unlocking:
                window.lock_bar.open_unlock()
        return show

    return [
        ("picker", window.show_picker),
        ("checkin_idle", checkin()),
        ("checkin_recorded", checkin(recorded, progress)),
        ("checkin_refused", checkin(CheckinResult(Outcome.UNKNOWN_KEY, display_name=LONG_NAME))),
        ("checkin_closed", checkin(activity=tomorrow)),
        ("manual_empty", lambda: (window.open_activity(meeting), page.show_manual_form(), page.form.clear())),
        ("manual_errors", manual_with_errors),
        ("manual_banner", banner_over_form),
        ("attendance", lambda: (window.open_activity(meeting), window.show_attendance())),
        ("qr", lambda: (window.open_activity(meeting), window.show_qr())),
        ("settings", window.show_settings),
        ("first_run", window.show_first_run),
        ("first_run_error", first_run_error),
        ("first_run_demo_card", lambda: (window.show_first_run(), window.first_run.show_demo_card())),
        ("locked", locked(False)),
        ("unlocking", locked(True)),
    ]


def _unlock(window):
    if window.locked:
        window.session.unlocked()


def _dialogs(window, tmp_path, outdoor: bool):
    """The dialogs, built as the window and the sign-in build them (shown, not run modally)."""
    attendance = window.attendance
    window.open_activity(next(a for a in window.station.activities.all() if "定例会" in a.title))
    window.show_attendance()
    row = attendance.model.rows[0]
    dialogs = [("csv_warning", attendance.paperwork.export_warning()),
               ("print_warning", attendance.paperwork.print_warning()),
               ("void_reason", attendance.cancel_dialog(row)),
               ("new_activity", NewActivityDialog(designating_lg(window.station), window._clock(), window)),
               # No stick in: its longest words, the instructions to plug one in, are on show.
               ("stick", StickDialog(window.worker, window, drive_lister=list))]
    roots = {name: tmp_path / name for name in ("setup", "unlock")}
    for root in roots.values():  # the sign-in takes the station's outdoor setting before any window
        StationSettings.for_root(root).set("outdoor_mode", outdoor)
    setup = PassphraseSetupDialog(roots["setup"])
    setup.error.setText(setup.tr("2回の入力が一致しません。もう一度入力してください。"))
    unlock = UnlockDialog(roots["unlock"])
    unlock.form._say(unlock.form.tr("入力の誤りが続いたため、あと %1 秒待ってからお試しください。").replace("%1", "30"))
    return dialogs + [("passphrase_setup", setup), ("unlock", unlock)]


@pytest.fixture
def app_fonts(qapp):
    """The fonts the program itself picks (desktop/ui/app.py: Noto Sans CJK JP here), not Qt's default."""
    before = qapp.font()
    _prefer_japanese_fonts(qapp)
    yield
    qapp.setFont(before)


@pytest.fixture
def fit_window(qtbot, station, noon, tmp_path, card, app_fonts):
    window = open_window(qtbot, station, noon, tmp_path)
    _records(qtbot, window, card)
    yield window
    _unlock(window)
    settle_window(window)


MODES = [("ja", False), ("en", False), ("ja", True), ("en", True)]


@pytest.fixture(params=MODES, ids=[f"{lang}-{'outdoor' if outdoor else 'normal'}" for lang, outdoor in MODES])
def mode(request, fit_window):
    """(window, lang, outdoor): the window in one language and one mode."""
    lang, outdoor = request.param
    fit_window.setStyleSheet(style_for(outdoor))
    assert fit_window.language.switch(lang)
    return fit_window, lang, outdoor


def _where(lang: str, outdoor: bool, screen: str, scale: float, name: str) -> str:
    return f"{lang}/{'outdoor' if outdoor else 'normal'}/{screen}@{int(scale * 100)}%/{name}"


def test_every_page_fits_every_laptop(qtbot, mode, card):
    window, lang, outdoor = mode
    _offline(window)
    found, scrolled = [], []
    for screen, scale, (width, height) in SIZES:
        window.resize(width, height)
        for name, show in _views(window, card):
            show()
            where = _where(lang, outdoor, screen, scale, name)
            QApplication.processEvents()
            if (window.width(), window.height()) != (width, height):
                found.append(f"{where}: the window grew to {window.width()}x{window.height()}")
            found += problems(window, where)
            view = window.page_view
            if view.verticalScrollBar().isVisible() or view.horizontalScrollBar().isVisible():
                scrolled.append(f"{where}: {window.pages.minimumSizeHint().toTuple()} in {view.viewport().size().toTuple()}")
            if name.startswith("checkin") or name.startswith("manual"):
                assert not (view.verticalScrollBar().isVisible() or view.horizontalScrollBar().isVisible()), \
                    f"{where}: the check-in page scrolls"
            if name.startswith("manual"):
                save = window.checkin.form.save_button
                on_screen = QRect(save.mapTo(window, QPoint(0, 0)), save.size())
                assert save.isVisible() and window.rect().contains(on_screen), f"{where}: 記録する off screen"
            _unlock(window)
    assert found == []
    # Only the largest scaling may make a page scroll, and then the page stays reachable (checked above).
    assert [where for where in scrolled if "@150%" not in where] == []


def test_every_dialog_fits_every_laptop(qtbot, mode, tmp_path):
    window, lang, outdoor = mode
    found = []
    for name, dialog in _dialogs(window, tmp_path, outdoor):
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        hint, least = dialog.sizeHint(), dialog.minimumSizeHint()
        for screen, scale, (width, height) in SIZES:
            where = _where(lang, outdoor, screen, scale, name)
            # As desktop/ui/window_size.py opens our dialogs (Qt's own ask for less than the screen):
            # the size hint, at most the screen, never below the minimum.
            opened = hint.boundedTo(QSize(width, height)).expandedTo(least)
            if opened.width() > width or opened.height() > height:
                found.append(f"{where}: needs {opened.width()}x{opened.height()}, the screen has {width}x{height}")
                continue
            dialog.resize(opened)
            found += problems(dialog, where)
        dialog.hide()
    files = QFileDialog(window, "CSV", str(tmp_path), "CSV (*.csv)")
    files.setOption(QFileDialog.DontUseNativeDialog)
    qtbot.addWidget(files)
    preview = QPrintPreviewDialog(window)  # the participant list's and the poster's print preview
    qtbot.addWidget(preview)
    width, height = client_size("1280x720", 1.5)
    for name, qt_dialog in (("file dialog", files), ("print preview", preview)):  # Qt's own: they fit?
        hint = qt_dialog.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, f"the {name} needs {hint.toTuple()}"
    assert found == []


def test_the_unlock_prompt_never_resizes_the_window(qtbot, fit_window):
    window = fit_window
    window.setStyleSheet(style_for(True))
    window.resize(1366, 768 - DESKTOP_CHROME)
    window.show_checkin()
    QApplication.processEvents()
    before = window.size()
    window.lock()
    window.lock_bar.open_unlock()
    QApplication.processEvents()
    assert window.size() == before and window.lock_bar.form.field.hasFocus()
    assert window.lock_bar.height() < 120  # one strip, not a stack of prompt, field and message
    window.lock_bar.form._say("パスフレーズが違います。")
    QApplication.processEvents()
    assert window.size() == before
    assert problems(window, "unlocking") == []


SCALED = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from datetime import datetime
from pathlib import Path
from desktop.ui.app import _application
app = _application()  # the program's own fonts, as in the fixture above
from desktop.station import Station
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_registry import StationSettings
from desktop.ui.styles import style_for
from desktop.ui.translations import ensure_compiled
from furusato.activity import JST
from tests.ui.layout_check import problems
ensure_compiled("en")
data, width, height = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
now = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)
station = Station.open(data, now=now)
window = MainWindow(station, clock=lambda: now, settings=StationSettings(data / "s.json"), source_factory=None,
                    sync=False)
window.setStyleSheet(style_for(True))
window.show()
window.resize(width, height)
found, ratio = [], app.primaryScreen().devicePixelRatio()
meeting = next(a for a in station.activities.all() if "定例会" in a.title)
for name, show in (("picker", window.show_picker), ("checkin", lambda: window.open_activity(meeting)),
                   ("manual", window.checkin.show_manual_form)):
    show()
    app.processEvents()
    found += problems(window, name)
    if window.size().toTuple() != (width, height):
        found.append(f"{name}: window {window.size().toTuple()}")
    if name != "picker" and window.page_view.verticalScrollBar().isVisible():
        found.append(f"{name}: scrolls")
print(json.dumps({"ratio": ratio, "problems": found}))
window.close()
window.deleteLater()
app.processEvents()
station.close()
"""


@pytest.mark.parametrize("screen", list(SCREENS))
def test_qt_scale_factor_150_agrees(tmp_path, screen):
    """The same window under Qt's own scaling (what Windows' 150 % setting does), in outdoor mode."""
    width, height = client_size(screen, 1.5)
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", SCALED, str(ROOT), str(tmp_path), str(width), str(height)],
                         capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    assert answer["ratio"] == 1.5
    assert answer["problems"] == []
