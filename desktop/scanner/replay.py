"""Frames from image files or a video file: for the demo, the tests and a station without a camera."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import cv2

from desktop.scanner.frame_source import Frame, SourceStatus, StatusListener

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"}


class ReplaySource:
    """Replays a folder of images (sorted by name), a list of image paths, or one video file.

    `fps` paces `read()` like a camera (None: as fast as asked); `loop` starts again at the end.
    An image that cannot be read is skipped.
    """

    def __init__(self, source: str | Path | Iterable[str | Path], *, loop: bool = False, fps: float | None = None):
        self._video: Path | None = None
        if isinstance(source, (str, Path)) and Path(source).is_dir():
            self._paths = sorted(p for p in Path(source).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        elif isinstance(source, (str, Path)) and Path(source).suffix.lower() not in IMAGE_SUFFIXES:
            self._video, self._paths = Path(source), []
        else:
            self._paths = [Path(source)] if isinstance(source, (str, Path)) else [Path(p) for p in source]
        self.loop = loop
        self.fps = fps
        self.description = f"replay:{self._video or (self._paths[0].parent if self._paths else '-')}"
        self._capture: cv2.VideoCapture | None = None
        self._position = 0
        self._index = 0
        self._next_due = 0.0
        self._finished = False
        self._listener: StatusListener | None = None

    def set_status_listener(self, listener: StatusListener | None) -> None:
        self._listener = listener

    def _status(self, status: SourceStatus, code: str) -> None:
        if self._listener:
            self._listener(status, code)

    @property
    def finished(self) -> bool:
        return self._finished

    def open(self) -> bool:
        self._position, self._finished = 0, False
        if self._video is not None:
            self._capture = cv2.VideoCapture(str(self._video))
            if not self._capture.isOpened():
                self._finished = True
                self._status(SourceStatus.UNAVAILABLE, "replay_unreadable")
                return False
        elif not self._paths:
            self._finished = True
            self._status(SourceStatus.UNAVAILABLE, "replay_empty")
            return False
        self._next_due = time.monotonic()
        self._status(SourceStatus.LIVE, "replay_started")
        return True

    def _next_image(self):
        if self._capture is not None:
            ok, image = self._capture.read()
            if not ok and self.loop:
                self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, image = self._capture.read()
            return image if ok else None
        for _ in range(len(self._paths)):
            if self._position >= len(self._paths):
                if not self.loop:
                    return None
                self._position = 0
            path = self._paths[self._position]
            self._position += 1
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is not None:
                return image
        return None

    def read(self) -> Frame | None:
        if self._finished:
            return None
        if self.fps:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due + 1.0 / self.fps, time.monotonic() - 1.0 / self.fps)
        image = self._next_image()
        if image is None:
            self._finished = True
            self._status(SourceStatus.ENDED, "replay_ended")
            return None
        frame = Frame(image, time.monotonic(), self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
