from __future__ import annotations

import csv

from tests.ui.conftest import open_activity, wait_result


def _record_two(qtbot, window, card):
    open_activity(qtbot, window, "定例会")
    for sub, name in (("sub-att-001", "佐藤 花子"), ("sub-att-002", "木村 次郎")):
        previous = window.checkin.panel.result
        window.checkin.submit_token(card(sub, name), "test")
        wait_result(qtbot, window, previous)
    window.show_attendance()
    return window.attendance


def test_cancel_keeps_the_row_marked_cancelled(qtbot, window, card, station):
    page = _record_two(qtbot, window, card)
    assert len(page.visible_rows()) == 2
    target = next(r for r in page.visible_rows() if r.display_name == "佐藤 花子")
    size = station.ledger.size()
    page.cancel(target.record_id, "二重受付")
    qtbot.waitUntil(lambda: any(r.status == "cancelled" for r in page.model.rows), timeout=5000)
    assert station.ledger.size() == size + 1
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 3).data() == "佐藤 花子")
    assert page.proxy.index(row, 5).data() == "取消"
    assert page.proxy.index(row, 6).data() == "二重受付"
    # the check-in page counts only active records
    assert "1" in window.checkin.count_label.text()


def test_correct_adds_a_new_row_and_marks_the_old(qtbot, window, card):
    page = _record_two(qtbot, window, card)
    target = next(r for r in page.visible_rows() if r.display_name == "木村 次郎")
    page.correct(target.record_id, "木村 二郎", "漢字の誤り")
    qtbot.waitUntil(lambda: len(page.model.rows) == 3, timeout=5000)
    statuses = {r.display_name: r.status for r in page.model.rows}
    assert statuses["木村 次郎"] == "corrected" and statuses["木村 二郎"] == "active"


def test_search_and_day_filter_and_export(qtbot, window, card, tmp_path):
    page = _record_two(qtbot, window, card)
    page.search.setText("木村")
    assert [r.display_name for r in page.visible_rows()] == ["木村 次郎"]
    # The export is the activity's records of the chosen day, read from the store: not the search.
    assert page.day_filter.count() == 2  # all days + the one day
    out = tmp_path / "out.csv"
    with qtbot.waitSignal(page.paperwork.exported, timeout=15000) as done:
        assert page.paperwork.export_to(out)
    assert done.args[0].rows == 2
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "記録ID" and len(rows) == 3
    assert "2 件を書き出しました" in page.message.text()
