from __future__ import annotations

import pytest

from desktop.scanner.decode_strategy import decode_frame

SAMPLE = {"640x480": (0, 1), "1280x720": (0, 1, 2), "1920x1080": (0,)}


@pytest.mark.parametrize("resolution", list(SAMPLE))
def test_every_class_decodes(corpus, resolution):
    misses = []
    for cls in corpus.CODE_CLASSES:
        for index in SAMPLE[resolution]:
            sample = corpus.render(cls, resolution, index)
            if decode_frame(sample.image) != sample.text:
                misses.append(sample.name)
    assert misses == []


def test_no_reads_on_frames_without_code(corpus):
    for resolution in corpus.RESOLUTIONS:
        for index in range(5):  # one of each kind of look-alike texture
            sample = corpus.render(corpus.NOCODE_CLASS, resolution, index)
            assert decode_frame(sample.image) is None, sample.name


def test_card_as_the_phone_shows_it(corpus):
    for image, text in corpus.phone_frames(per_size=1):
        assert decode_frame(image) == text


def test_grey_and_bgr_give_the_same_text(corpus):
    import cv2

    sample = corpus.render("clean", "1280x720", 3)
    assert decode_frame(cv2.cvtColor(sample.image, cv2.COLOR_BGR2GRAY)) == decode_frame(sample.image) == sample.text


def test_corpus_is_deterministic(corpus):
    import numpy as np

    a = corpus.render("glare", "640x480", 2)
    b = corpus.render("glare", "640x480", 2)
    assert a.text == b.text and np.array_equal(a.image, b.image)


def test_a_decoded_corpus_card_verifies_as_a_real_card():
    from qr_corpus import card_tokens, corpus_signing_key, render

    from desktop.scanner.decode_strategy import decode_frame
    from furusato.card_token import verify_card
    from furusato.keys import KeySet

    sample = render("perspective", "1280x720", 0)
    text = decode_frame(sample.image)
    assert text == sample.text and text in card_tokens()
    check = verify_card(text, KeySet.of(corpus_signing_key()), now=1793458800 + 86400)
    assert check.outcome == "valid"
