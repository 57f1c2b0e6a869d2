"""The check-in page end to end: camera replay, scanner gun, outcomes, sounds, threads."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from desktop.scanner.replay import ReplaySource
from desktop.ui.outcome_texts import OutcomeClass, explanation
from furusato.keys import generate_key
from furusato.outcomes import Outcome
from tests.ui.conftest import open_activity, qr_frames, type_text, wait_result


def _scan(qtbot, window, tmp_path, token, name="frames"):
    previous = window.checkin.panel.result
    window.start_camera(ReplaySource(qr_frames(tmp_path / name, token), fps=20))
    result = wait_result(qtbot, window, previous)
    window.checkin.capture.stop()
    return result


def test_camera_scan_records_then_duplicate(qtbot, window, card, tmp_path):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    token = card("sub-camera", "佐藤 花子")
    result = _scan(qtbot, window, tmp_path, token)
    assert result.outcome is Outcome.RECORDED
    assert page.panel.headline.text() == "記録しました"
    assert page.panel.name.text() == "佐藤 花子"
    assert page.panel.outcome_class is OutcomeClass.RECORDED
    assert page.recent.count() == 1 and "佐藤 花子" in page.recent.item(0).text()
    assert "1" in page.count_label.text()
    assert "1" in window.status.pending.text()
    assert not page.preview.pixmap().isNull()  # the preview painted frames
    assert window.sounds.played[-1] is OutcomeClass.RECORDED

    again = _scan(qtbot, window, tmp_path, token, "again")
    assert again.outcome is Outcome.DUPLICATE
    assert page.panel.headline.text() == "本日は記録済みです"
    assert page.panel.outcome_class is OutcomeClass.DUPLICATE
    assert page.recent.count() == 1
    assert window.sounds.played[-1] is OutcomeClass.DUPLICATE


def test_forged_card_is_refused_with_a_reason(qtbot, window, card, tmp_path):
    open_activity(qtbot, window, "定例会")
    genuine = card("sub-forged")
    other = card("sub-forged", key=generate_key())
    header, payload, _sig = genuine.split(".")
    forged = ".".join((header, payload, other.split(".")[2]))  # trusted kid, someone else's signature
    result = _scan(qtbot, window, tmp_path, forged)
    assert result.outcome is Outcome.BAD_SIGNATURE
    assert window.checkin.panel.headline.text() == "受付できません"
    assert window.checkin.panel.detail.text() == explanation(Outcome.BAD_SIGNATURE)
    assert "署名" in window.checkin.panel.detail.text()
    assert window.checkin.recent.count() == 0
    assert window.sounds.played[-1] is OutcomeClass.REFUSED


def test_every_outcome_has_plain_words(qapp):
    texts = {outcome: explanation(outcome) for outcome in Outcome}
    assert len(set(texts.values())) == len(Outcome)
    assert all(text and "_" not in text for text in texts.values())


def test_wedge_burst_anywhere_on_the_page_records(qtbot, window, card):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.setFocus()
    type_text(page, card("sub-wedge-01", "鈴木 一郎") + "\r")
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.RECORDED
    assert page.panel.name.text() == "鈴木 一郎"


def test_wedge_burst_into_the_manual_form_does_not_land_in_the_field(qtbot, window, card):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    page.show_manual_form()
    name = page.form.edits["name"]
    type_text(name, card("sub-wedge2", "高橋 三郎") + "\r")
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.RECORDED
    assert name.text() == ""


def test_event_loop_turns_while_decoding_and_writes_happen_off_the_gui_thread(qtbot, window, card, tmp_path):
    open_activity(qtbot, window, "定例会")
    page = window.checkin
    gui = threading.current_thread()
    decode_threads, write_threads = [], []
    from desktop.scanner.decode_strategy import decode_frame

    def slow_decode(image):
        decode_threads.append(threading.current_thread())
        threading.Event().wait(0.15)  # a loaded old laptop
        return decode_frame(image)

    service = window.worker.service
    original = service.check_in_token

    def recording_check_in(*args, **kwargs):
        write_threads.append(threading.current_thread())
        return original(*args, **kwargs)

    service.check_in_token = recording_check_in
    page.capture.decode = slow_decode
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    result = _scan(qtbot, window, tmp_path, card("sub-timer-01"))
    timer.stop()
    assert result.outcome is Outcome.RECORDED
    assert len(ticks) >= 15  # ≥ 2 decodes of 150 ms each: the GUI kept turning throughout
    assert decode_threads and all(t is not gui for t in decode_threads)
    assert write_threads and all(t is not gui for t in write_threads)


def test_activity_not_open_is_refused(qtbot, window, card):
    open_activity(qtbot, window, "星峠")  # tomorrow's grass cutting
    window.checkin.submit_token(card("sub-early-01"), "test")
    result = wait_result(qtbot, window)
    assert result.outcome is Outcome.ACTIVITY_NOT_OPEN
    assert "受付時間外" in window.checkin.panel.detail.text()


def test_checkout_on_a_multi_day_activity(qtbot, window, card, station):
    open_activity(qtbot, window, "雪下ろし")
    page = window.checkin
    assert page.checkout_button.isVisibleTo(page)
    page.submit_token(card("sub-checkout", "伊藤 四郎"), "test")
    wait_result(qtbot, window)
    page.recent.setCurrentRow(0)
    page.check_out_selected()
    qtbot.waitUntil(lambda: "退出済" in page.recent.item(0).text(), timeout=5000)
    rows = window.view.rows(page.activity.id)
    assert rows[0].exit_at is not None
