"""The webcam through OpenCV's VideoCapture, surviving unplug and replug without raising."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2

from desktop.scanner.frame_source import Frame, SourceStatus, StatusListener

log = logging.getLogger(__name__)

# VideoCapture-compatible factory: (index) -> object with isOpened/read/set/release.
CaptureFactory = Callable[[int], object]


@dataclass(frozen=True)
class CameraInfo:
    index: int
    description: str


def _default_factory(index: int):
    # DirectShow opens in well under a second on Windows where MSMF can take several.
    backend = cv2.CAP_DSHOW if sys.platform == "win32" else cv2.CAP_ANY
    return cv2.VideoCapture(index, backend)


def list_cameras(max_index: int = 4, factory: CaptureFactory = _default_factory) -> list[CameraInfo]:
    """Cameras answering at indices 0..max_index-1. On Linux only existing /dev/videoN are probed,
    so an absent index costs nothing; elsewhere each probe opens and releases the device."""
    found = []
    for index in range(max_index):
        if sys.platform.startswith("linux") and not Path(f"/dev/video{index}").exists():
            continue
        capture = factory(index)
        try:
            if capture.isOpened():
                found.append(CameraInfo(index, f"camera {index}"))
        finally:
            capture.release()
    return found


class CameraSource:
    """A camera by index at a requested resolution. Read failures close the device and schedule a
    re-open with exponential backoff (`retry_initial` doubling to `retry_max` seconds); `read()`
    then returns None until the device answers again, and the status listener hears each change."""

    def __init__(self, index: int = 0, *, width: int = 1280, height: int = 720, fourcc: str | None = "MJPG",
                 retry_initial: float = 0.5, retry_max: float = 8.0, failures_before_lost: int = 5,
                 factory: CaptureFactory = _default_factory):
        self.index, self.width, self.height, self.fourcc = index, width, height, fourcc
        self.description = f"camera:{index} {width}x{height}"
        self._factory = factory
        self._retry_initial, self._retry_max = retry_initial, retry_max
        self._failures_before_lost = failures_before_lost
        self._capture = None
        self._retry_delay = retry_initial
        self._retry_at = 0.0
        self._failures = 0
        self._index = 0
        self._closed = False
        self._listener: StatusListener | None = None

    def set_status_listener(self, listener: StatusListener | None) -> None:
        self._listener = listener

    def _status(self, status: SourceStatus, code: str) -> None:
        log.info("camera %s: %s (%s)", self.index, status, code)
        if self._listener:
            self._listener(status, code)

    @property
    def finished(self) -> bool:
        return self._closed

    def open(self) -> bool:
        self._closed = False
        self._status(SourceStatus.OPENING, "camera_opening")
        try:
            capture = self._factory(self.index)
            if not capture.isOpened():
                capture.release()
                raise OSError("not opened")
            if self.fourcc:  # USB2 webcams give 720p at 30 fps only in MJPG
                capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self.fourcc))
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        except Exception as exc:  # a driver can raise anything; the station must keep running
            log.warning("camera %s did not open: %s", self.index, exc)
            self._schedule_retry(SourceStatus.UNAVAILABLE, "camera_unavailable")
            return False
        self._capture, self._failures, self._retry_delay = capture, 0, self._retry_initial
        self._status(SourceStatus.LIVE, "camera_live")
        return True

    def _schedule_retry(self, status: SourceStatus, code: str) -> None:
        self._retry_at = time.monotonic() + self._retry_delay
        self._retry_delay = min(self._retry_delay * 2, self._retry_max)
        self._status(status, code)

    def _drop_device(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            try:
                capture.release()
            except Exception:
                log.exception("camera %s release failed", self.index)

    def read(self) -> Frame | None:
        if self._closed:
            return None
        if self._capture is None:
            wait = self._retry_at - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, 0.05))  # short naps keep stop() responsive
                return None
            if not self.open():
                return None
        try:
            ok, image = self._capture.read()
        except Exception as exc:
            log.warning("camera %s read raised: %s", self.index, exc)
            ok, image = False, None
        if not ok or image is None:
            # One bad read happens on a busy USB bus; several in a row mean the device is gone.
            self._failures += 1
            if self._failures >= self._failures_before_lost:
                self._drop_device()
                self._schedule_retry(SourceStatus.LOST, "camera_lost")
            return None
        self._failures = 0
        frame = Frame(image, time.monotonic(), self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        self._closed = True
        self._drop_device()
