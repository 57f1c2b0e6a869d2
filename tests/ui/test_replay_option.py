"""`furusato-field --replay PATH`: the window scans a folder of images instead of the camera."""

from __future__ import annotations

from desktop import cli
from desktop.ui.main_window import MainWindow, replay_source
from desktop.ui.settings_registry import StationSettings
from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, qr_frames, wait_result


def test_replay_option_reaches_the_window(monkeypatch, tmp_path):
    import desktop.ui.app as app

    seen = {}
    monkeypatch.setattr(app, "run_window", lambda data_dir, replay=None: seen.update(data=data_dir, replay=replay) or 0)
    assert cli.main(["--data-dir", str(tmp_path), "--replay", str(tmp_path / "frames")]) == 0
    assert seen == {"data": str(tmp_path), "replay": str(tmp_path / "frames")}


def test_window_records_a_card_played_from_a_folder(qtbot, station, noon, card, tmp_path):
    frames = qr_frames(tmp_path / "frames", card("sub-replay", "佐藤 花子"))[0].parent
    win = MainWindow(station, clock=lambda: noon, settings=StationSettings(tmp_path / "s.json"),
                     source_factory=replay_source(str(frames)))
    qtbot.addWidget(win)
    win.show()
    open_activity(qtbot, win, "定例会")
    result = wait_result(qtbot, win)
    assert result.outcome is Outcome.RECORDED
    assert win.checkin.panel.name.text() == "佐藤 花子"
    win.close()
    assert not win.checkin.capture.running
