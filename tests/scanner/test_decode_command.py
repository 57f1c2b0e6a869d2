from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[2]


def run_decode(*paths):
    return subprocess.run([sys.executable, "-m", "desktop", "decode", *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_decode_images(tmp_path, corpus):
    a, b = corpus.render("clean", "1280x720", 0), corpus.render("inverted", "640x480", 1)
    cv2.imwrite(str(tmp_path / "a.png"), a.image)
    cv2.imwrite(str(tmp_path / "b.png"), b.image)
    result = run_decode(tmp_path / "a.png", tmp_path / "b.png")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == [a.text, b.text]
    assert [line["path"] for line in lines] == [str(tmp_path / "a.png"), str(tmp_path / "b.png")]
    assert all(isinstance(line["ms"], float) for line in lines)


def test_missing_code_or_file_exits_1_with_a_line_each(tmp_path, corpus):
    cv2.imwrite(str(tmp_path / "none.png"), corpus.render("nocode", "640x480", 0).image)
    cv2.imwrite(str(tmp_path / "card.png"), corpus.render("clean", "640x480", 0).image)
    (tmp_path / "junk.png").write_bytes(b"not an image")
    result = run_decode(tmp_path / "card.png", tmp_path / "none.png", tmp_path / "junk.png", tmp_path / "absent.png")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["text"] is not None
    assert [line["text"] for line in lines[1:]] == [None, None, None]
    assert "error" not in lines[1] and lines[2]["error"] == lines[3]["error"] == "unreadable_image"


def test_no_images_is_a_usage_error():
    assert run_decode().returncode == 2
