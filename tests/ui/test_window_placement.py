"""The window opens maximised on a small screen (≤ 1366 px wide) and laptop-sized on a large one.

Each case is a fresh process whose offscreen screen has the size of the laptop (Qt's offscreen
platform takes its screens from a JSON file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

OPEN = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from datetime import datetime
from pathlib import Path
from desktop.ui.app import _application
app = _application()
from desktop.station import Station
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_registry import StationSettings
from furusato.activity import JST
data = Path(sys.argv[2])
now = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)
station = Station.open(data, now=now)
window = MainWindow(station, clock=lambda: now, settings=StationSettings(data / "s.json"), source_factory=None,
                    sync=False)
window.show_for_screen()
for _ in range(20):
    app.processEvents()
print(json.dumps({"maximized": window.isMaximized(), "size": window.size().toTuple(),
                  "screen": window.screen().availableGeometry().size().toTuple()}))
window.close()
window.deleteLater()
app.processEvents()
station.close()
"""


def _open_on(tmp_path, width: int, height: int) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(ROOT)}
    data = tmp_path / "station"
    run = subprocess.run([sys.executable, "-c", OPEN, str(ROOT), str(data)], capture_output=True, text=True,
                         env=env, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 720), (1024, 600)])
def test_a_small_screen_gets_a_maximised_window(tmp_path, width, height):
    opened = _open_on(tmp_path, width, height)
    assert opened["screen"] == [width, height]
    assert opened["maximized"] and opened["size"] == [width, height]


def test_a_large_screen_gets_a_laptop_sized_window(tmp_path):
    opened = _open_on(tmp_path, 1920, 1080)
    assert not opened["maximized"] and opened["size"] == [1280, 800]


DIALOGS = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from datetime import datetime
from pathlib import Path
from desktop.ui.app import _application
app = _application()
from desktop.ui.new_activity_dialog import NewActivityDialog
from desktop.ui.sign_in import PassphraseSetupDialog
from furusato.activity import JST
from tests.ui.layout_check import problems
root = Path(sys.argv[2])
opened = {}
for name, dialog in (("setup", PassphraseSetupDialog(root)),
                     ("new_activity", NewActivityDialog("152102", datetime.now(JST)))):
    dialog.show()
    for _ in range(10):
        app.processEvents()
    room = dialog.screen().availableGeometry()
    opened[name] = {"size": dialog.size().toTuple(), "hint": dialog.sizeHint().toTuple(),
                    "inside": room.contains(dialog.frameGeometry()) or dialog.size().height() <= room.height(),
                    "problems": problems(dialog, name)}
    dialog.hide()
print(json.dumps(opened))
"""


def test_dialogs_open_within_a_small_screen(tmp_path):
    """1280×720 at 150 % is 853×480: the sign-in and the new-activity dialog open inside it, whole,
    instead of Qt's two-thirds of the screen with their text squeezed."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 853, "height": 480, "logicalDpi": 96, "logicalBaseDpi": 96,
        "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(ROOT)}
    (tmp_path / "station").mkdir()
    run = subprocess.run([sys.executable, "-c", DIALOGS, str(ROOT), str(tmp_path / "station")], capture_output=True,
                         text=True, env=env, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    opened = json.loads(run.stdout.strip().splitlines()[-1])
    for name, dialog in opened.items():
        width, height = dialog["size"]
        assert width <= 853 and height <= 480, (name, dialog)
        assert height > 480 * 2 // 3 or height >= dialog["hint"][1], (name, dialog)  # not Qt's 2/3 cut
        assert dialog["problems"] == [], (name, dialog["problems"])
