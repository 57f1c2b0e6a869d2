from datetime import datetime

from PySide6.QtCore import Qt

from desktop.station import Station
from desktop.ui.main_window import MainWindow
from furusato.activity import JST
from tests.ui.conftest import type_text


def test_window_opens_on_the_demo_and_lists_open_activities_first(qtbot, tmp_path):
    now = datetime.now(JST).replace(hour=12, minute=0, second=0, microsecond=0)
    station = Station.open(tmp_path, now=now)
    try:
        window = MainWindow(station, clock=lambda: now, source_factory=None)
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


def test_search_filters_by_title_and_place_and_enter_opens(qtbot, window):
    picker = window.picker
    type_text(picker.search, "星峠")  # the place of the grass cutting, not in its title
    assert picker.proxy.rowCount() == 1
    qtbot.keyClick(picker.search, Qt.Key_Return)
    assert window.pages.currentWidget() is window.checkin
    assert window.checkin.activity.title == "棚田の草刈り"


def test_double_click_opens_the_activity(qtbot, window):
    table = window.picker.table
    index = window.picker.proxy.index(1, 0)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.pages.currentWidget() is window.checkin
    assert window.checkin.activity.title == window.picker.proxy.index(1, 0).data()


def test_status_bar_shows_identity_and_pending(qtbot, window, station):
    status = window.status
    assert station.signer.device_id[:8] in status.identity.text()
    qtbot.waitUntil(lambda: status.pending_records is not None, timeout=5000)  # counted on the worker
    assert "0" in status.pending.text()
    status.set_network_state("offline")
    assert "オフライン" in status.network.text()


def test_status_bar_takes_sync_status_from_another_thread(qtbot, window):
    import threading
    from types import SimpleNamespace

    status = SimpleNamespace(state="online", pending=3, syncing=False)
    threading.Thread(target=window.status.sync_status.emit, args=(status,)).start()
    qtbot.waitUntil(lambda: window.status.network.text() == "通信: 接続中", timeout=2000)
    assert "3" in window.status.pending.text()
