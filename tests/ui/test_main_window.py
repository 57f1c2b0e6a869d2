from datetime import datetime

from desktop.station import Station
from desktop.ui.main_window import MainWindow
from furusato.activity import JST


def test_window_opens_on_the_demo_and_lists_open_activities_first(qtbot, tmp_path):
    now = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)
    station = Station.open(tmp_path, now=now)
    try:
        window = MainWindow(station, clock=lambda: now)
        qtbot.addWidget(window)
        model = window.activity_model
        assert model.rowCount() == 4
        titles = [model.index(row, 0).data() for row in range(model.rowCount())]
        # The all-day meeting and the snow clearing are open today; tomorrow's grass cutting follows.
        assert set(titles[:2]) == {"松之山自治会 定例会", "雪下ろしボランティア（松代地区）"}
        assert titles[2] == "棚田の草刈り"
        assert model.index(0, 2).data() == "新潟県十日町市"
        assert model.index(0, 1).data() in {"指定事業", "公益的団体での活動"}
    finally:
        station.close()
