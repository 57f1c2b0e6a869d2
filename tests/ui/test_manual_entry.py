"""Hand entry on the check-in page: typing goes through the wedge filter to the fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, pause, type_text, wait_result


def fill(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    type_text(edit, text)
    qtbot.waitUntil(lambda: edit.text() == text, timeout=3000)  # held by the wedge, then handed back


def test_bad_fields_show_errors_beside_them_and_save_nothing(qtbot, window, station):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    form = page.form
    fill(qtbot, form.edits["postal_code"], "123")
    assert form.visible_errors() == {"postal_code": "郵便番号は7桁の数字で入力してください"}
    fill(qtbot, form.edits["email"], "taro@")
    assert form.visible_errors()["email"] == "メールアドレスの形式が正しくありません"
    before = station.ledger.size()
    form.save_button.click()
    pause(qtbot, 200)
    errors = form.visible_errors()
    assert set(errors) == {"name", "postal_code", "address", "birth_date", "email", "phone"}
    assert errors["name"] == "入力してください"
    assert station.ledger.size() == before
    assert page.center.currentWidget() is page.form_view
    assert page.in_flight == 0


def test_good_fields_save_one_record_with_the_postal_prefix(qtbot, window, station):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    form = page.form
    fill(qtbot, form.edits["name"], "田中 花子")
    fill(qtbot, form.edits["postal_code"], "９４２－１４３２")  # full-width, as an IME types it
    assert form.address_prefix.text() == "新潟県十日町市松之山湯本"
    fill(qtbot, form.edits["address"], "松之山1-2")
    fill(qtbot, form.edits["birth_date"], "昭和55年4月1日")
    assert not form.guardian_consent.isVisibleTo(form)
    fill(qtbot, form.edits["email"], "hanako@example.jp")
    fill(qtbot, form.edits["phone"], "090-1234-5678")
    assert form.visible_errors() == {}
    before = station.ledger.size()
    form.save_button.click()
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.RECORDED
    assert station.ledger.size() == before + 1
    assert page.panel.name.text() == "田中 花子"
    assert page.center.currentWidget() is page.panel
    assert form.edits["name"].text() == ""
    assert "田中 花子" in page.recent.item(0).text()


def test_a_minor_needs_guardian_consent(qtbot, window, noon):
    open_activity(qtbot, window, "定例会")
    form = window.checkin.form
    window.checkin.show_manual_form()
    fill(qtbot, form.edits["birth_date"], f"{noon.year - 10}-01-01")
    assert form.guardian_consent.isVisibleTo(form)
    assert "guardian_consent" in form.visible_errors()
    form.guardian_consent.setChecked(True)
    assert "guardian_consent" not in form.visible_errors()


def test_leaving_the_form_forgets_what_was_typed(qtbot, window, station):
    """Esc (戻る) from the form, then F2 for the next person: an empty form, not the last one's details."""
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    before = station.ledger.size()
    page.show_manual_form()
    fill(qtbot, page.form.edits["name"], "山田 太郎")
    fill(qtbot, page.form.edits["phone"], "090-1234-5678")
    qtbot.keyClick(page.form.edits["phone"], Qt.Key_Escape)
    qtbot.waitUntil(lambda: not page.form_open)
    page.show_manual_form()
    assert page.form.edits["name"].text() == "" and page.form.edits["phone"].text() == ""
    assert station.ledger.size() == before  # and nothing was saved
