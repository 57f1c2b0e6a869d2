"""Scanner tests run on real rendered images from `bench/qr_corpus.py`; no camera, no Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
# Same pixels on every run: shaped tokens rather than freshly signed ones.
os.environ.setdefault("FURUSATO_CORPUS_SHAPED", "1")


@pytest.fixture(scope="session")
def corpus():
    import qr_corpus

    return qr_corpus


@pytest.fixture
def frame_folder(tmp_path, corpus):
    """A replay folder: two frames without a code, four with the same card, two without again."""
    import cv2

    names = []
    frames = [corpus.render("nocode", "640x480", i) for i in range(2)]
    frames += [corpus.render("clean", "640x480", 0) for _ in range(4)]
    frames += [corpus.render("nocode", "640x480", i) for i in range(2, 4)]
    for i, sample in enumerate(frames):
        path = tmp_path / f"{i:03d}.png"
        cv2.imwrite(str(path), sample.image)
        names.append(path)
    return tmp_path, frames[2].text
