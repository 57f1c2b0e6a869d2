from __future__ import annotations

from desktop.scanner.debounce import Debouncer


def feed_all(debouncer, reads):
    return [out for t, text in reads if (out := debouncer.feed(t, text)) is not None]


def test_single_read_is_not_acted_on():
    assert feed_all(Debouncer(), [(0.0, "A"), (0.1, None), (2.0, None)]) == []


def test_two_consecutive_reads_act_once_while_held():
    reads = [(i * 0.1, "A") for i in range(40)]  # four seconds in front of the lens
    assert feed_all(Debouncer(), reads) == ["A"]


def test_second_read_within_window_despite_a_missed_frame():
    assert feed_all(Debouncer(window_s=0.5), [(0.0, "A"), (0.1, None), (0.2, "A")]) == ["A"]


def test_second_read_too_late_does_not_confirm():
    assert feed_all(Debouncer(window_s=0.5), [(0.0, "A"), (1.0, "A")]) == []


def test_another_code_in_between_breaks_confirmation():
    assert feed_all(Debouncer(), [(0.0, "A"), (0.1, "B"), (0.2, "A")]) == []


def test_same_code_again_after_holdoff():
    reads = [(0.0, "A"), (0.1, "A"), (1.0, "A"), (2.5, None), (3.2, "A"), (3.3, "A")]
    assert feed_all(Debouncer(holdoff_s=2.0), reads) == ["A", "A"]


def test_same_code_back_within_holdoff_is_ignored():
    reads = [(0.0, "A"), (0.1, "A"), (1.0, None), (1.5, "A"), (1.6, "A"), (3.0, "A"), (3.1, "A")]
    assert feed_all(Debouncer(holdoff_s=2.0), reads) == ["A"]


def test_different_code_taken_at_once():
    reads = [(0.0, "A"), (0.1, "A"), (0.2, "B"), (0.3, "B"), (0.4, "A")]
    assert feed_all(Debouncer(), reads) == ["A", "B"]


def test_replayed_frames_through_the_real_decoder(frame_folder):
    import cv2

    from desktop.scanner.decode_strategy import decode_frame

    folder, text = frame_folder
    debouncer = Debouncer()
    paths = sorted(folder.glob("*.png"))
    # The replay at 10 fps, twice: the card leaves for 3 s between the passes, so it counts twice.
    timeline = [(i * 0.1, p) for i, p in enumerate(paths)] + [(4.0 + i * 0.1, p) for i, p in enumerate(paths)]
    acted = [out for t, p in timeline if (out := debouncer.feed(t, decode_frame(cv2.imread(str(p))))) is not None]
    assert acted == [text, text]
