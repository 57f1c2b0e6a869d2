"""The check-in page on the real window counts on from each result, and starts over at midnight."""

from __future__ import annotations

from datetime import timedelta

from desktop.checkin_tally import TodayTally
from desktop.store.attendance_view import AttendanceView
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_registry import StationSettings
from furusato.outcomes import Outcome
from tests.ui.conftest import settle_window, wait_result


def test_scans_count_on_without_reading_the_day_and_midnight_starts_a_new_one(qtbot, station, card, noon, tmp_path):
    clock = {"now": noon.replace(hour=23, minute=58)}
    window = MainWindow(station, clock=lambda: clock["now"], settings=StationSettings(tmp_path / "s.json"),
                        source_factory=None, sync=False)
    qtbot.addWidget(window)
    window.show()
    try:
        activity = next(a for a in station.activities.all() if a.id == "demo-yukioroshi")  # three days
        window.open_activity(activity)
        page = window.checkin
        reads = []
        view_recent, view_count = window.view.recent, window.view.active_count
        window.view.recent = lambda *a, **k: reads.append("recent") or view_recent(*a, **k)
        window.view.active_count = lambda *a, **k: reads.append("count") or view_count(*a, **k)

        for n, name in enumerate(("佐藤 花子", "木村 次郎", "鈴木 一郎")):
            clock["now"] += timedelta(seconds=10)
            previous = page.panel.result
            page.submit_token(card(f"sub-night-{n}", name), "test")
            assert wait_result(qtbot, window, previous).outcome is Outcome.RECORDED
        assert reads == []  # three scans, no read of the day
        assert page.count_label.text() == "本日の受付: 3 人"
        assert [page.recent.item(i).text().split("  ")[1] for i in range(page.recent.count())] == [
            "鈴木 一郎", "木村 次郎", "佐藤 花子"]
        fresh = TodayTally(AttendanceView(station.engine, station.ledger), page.tally.size)
        fresh.load(activity.id, noon.date().isoformat())
        assert (fresh.count, fresh.recent) == (page.tally.count, page.tally.recent)

        clock["now"] = noon.replace(hour=0, minute=1) + timedelta(days=1)  # past midnight
        previous = page.panel.result
        page.submit_token(card("sub-night-3", "高橋 三郎"), "test")
        assert wait_result(qtbot, window, previous).outcome is Outcome.RECORDED
        assert reads == ["count", "recent"]  # the new day, read once
        assert page.count_label.text() == "本日の受付: 1 人"
        assert page.recent.count() == 1 and "高橋 三郎" in page.recent.item(0).text()
        assert page.title.text().endswith(f"{clock['now']:%Y-%m-%d}")
    finally:
        settle_window(window)
        window.shutdown()
