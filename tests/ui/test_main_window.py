from datetime import datetime

from PySide6.QtCore import Qt

from desktop.station import Station
from desktop.ui.main_window import MainWindow
from furusato.activity import JST
from tests.ui.conftest import open_activity, type_text


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


def test_settings_back_returns_to_the_page_it_was_opened_from(qtbot, window, card):
    open_activity(qtbot, window, "定例会")
    window.show_settings()
    assert window.pages.currentWidget() is window.settings_page
    assert not window.checkin.wedge.active  # nothing is scanned into the settings page
    window.settings_page.back_button.click()
    assert window.pages.currentWidget() is window.checkin  # not the picker: scanning goes on
    assert window.checkin.wedge.active
    window.checkin.setFocus()
    type_text(window.checkin, card("sub-after-settings", "森 七子") + "\r")
    qtbot.waitUntil(lambda: window.checkin.panel.result is not None, timeout=10000)
    assert window.checkin.panel.name.text() == "森 七子"

    window.show_attendance()
    window.show_settings()
    window.settings_page.back_button.click()
    assert window.pages.currentWidget() is window.attendance
    window.show_picker()
    window.show_settings()
    qtbot.keyClick(window.settings_page.camera_enabled, Qt.Key_Escape)  # Esc is the same 戻る
    assert window.pages.currentWidget() is window.picker


def test_status_bar_names_the_local_government(window, station):
    identity = window.status.identity
    assert station.local_government == "152102"
    assert "十日町市" in identity.text() and "152102" not in identity.text()
    assert "新潟県十日町市 (152102)" in identity.toolTip()  # the code is still there for whoever needs it


def test_the_english_offline_message_is_shown_whole(qtbot, window):
    from types import SimpleNamespace

    from desktop.ui.styles import style_for
    from tests.ui.layout_check import problems

    window.setStyleSheet(style_for(True))
    window.language.switch("en")
    window.resize(1280, 650)
    window.status.apply_sync_status(SimpleNamespace(state="offline", pending=3, last_error="unreachable",
                                                    last_success=None))
    qtbot.waitUntil(lambda: window.status.network.text() == "Network: offline", timeout=2000)
    line = window.status.error
    assert line.text() == "Server unreachable. Records are kept here and sent once connected."
    assert line.isVisible() and line.wordWrap() and not window.status.isAncestorOf(line)
    assert line.width() > window.width() * 0.9  # its own line, the window's width: it wraps, never cut
    assert [p for p in problems(window) if "syncError" in p] == []
