"""Capture on one thread, decode on another, keep only the newest frame, report through callbacks.

The decoder never queues: when it is still busy, a newer frame replaces the waiting one and the
replaced frame is counted in `stats.dropped`. Callbacks run on the worker's threads; `desktop.ui`
turns them into Qt signals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.scanner.debounce import Debouncer
from desktop.scanner.frame_source import Frame, FrameSource, SourceStatus

log = logging.getLogger(__name__)


@dataclass
class CaptureStats:
    captured: int = 0
    decoded: int = 0  # frames the decoder looked at
    dropped: int = 0  # frames replaced before the decoder got to them
    codes: int = 0  # texts passed to on_code


def _default_decode(image: np.ndarray) -> str | None:
    from desktop.scanner.decode_strategy import decode_frame

    return decode_frame(image)


class CaptureWorker(threading.Thread):
    """`start()`, later `stop()`. Callbacks (any may be None):

    - `on_frame(frame: Frame)` for the preview, every captured frame, the same object the decoder gets;
    - `on_code(text: str)` once per debounced scan;
    - `on_status(status: SourceStatus, message_code: str)` on source changes and decoder faults.
    """

    def __init__(self, source: FrameSource, *, decode: Callable[[np.ndarray], str | None] = _default_decode,
                 debouncer: Debouncer | None = None,
                 on_frame: Callable[[Frame], None] | None = None,
                 on_code: Callable[[str], None] | None = None,
                 on_status: Callable[[SourceStatus, str], None] | None = None,
                 idle_sleep_s: float = 0.01):
        super().__init__(name=f"capture {source.description}", daemon=True)
        self.source = source
        self.stats = CaptureStats()
        self._decode = decode
        self._debouncer = debouncer or Debouncer()
        self._on_frame, self._on_code, self._on_status = on_frame, on_code, on_status
        self._idle_sleep_s = idle_sleep_s
        self._stop_event = threading.Event()
        self._slot_lock = threading.Condition()
        self._latest: Frame | None = None
        self._capture_done = False
        self._decoder = threading.Thread(target=self._decode_loop, name="qr decoder", daemon=True)

    def _status(self, status: SourceStatus, code: str) -> None:
        if self._on_status:
            try:
                self._on_status(status, code)
            except Exception:
                log.exception("on_status callback failed")

    def stop(self, timeout: float | None = 2.0) -> None:
        self._stop_event.set()
        with self._slot_lock:
            self._slot_lock.notify_all()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until capture has ended and the decoder has taken the last frame (for tests, CLI)."""
        deadline = time.monotonic() + timeout
        with self._slot_lock:
            while not (self._capture_done and self._latest is None):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._slot_lock.wait(remaining)
        self._decoder.join(max(0.0, deadline - time.monotonic()))
        return not self._decoder.is_alive()

    def run(self) -> None:
        self.source.set_status_listener(self._status)
        self._decoder.start()
        try:
            self.source.open()
            while not self._stop_event.is_set() and not self.source.finished:
                try:
                    frame = self.source.read()
                except Exception:  # a source must not raise, but a faulty driver must not kill us
                    log.exception("frame source %s raised", self.source.description)
                    self._status(SourceStatus.LOST, "source_error")
                    frame = None
                    self._stop_event.wait(self._idle_sleep_s * 10)
                if frame is None:
                    self._stop_event.wait(self._idle_sleep_s)
                    continue
                self.stats.captured += 1
                if self._on_frame:
                    try:
                        self._on_frame(frame)
                    except Exception:
                        log.exception("on_frame callback failed")
                with self._slot_lock:
                    if self._latest is not None:
                        self.stats.dropped += 1
                    self._latest = frame
                    self._slot_lock.notify_all()
        finally:
            try:
                self.source.close()
            finally:
                self.source.set_status_listener(None)
                with self._slot_lock:
                    self._capture_done = True
                    self._slot_lock.notify_all()
                if self._stop_event.is_set():
                    self._status(SourceStatus.STOPPED, "capture_stopped")

    def _decode_loop(self) -> None:
        while True:
            with self._slot_lock:
                while self._latest is None and not self._capture_done and not self._stop_event.is_set():
                    self._slot_lock.wait()
                if self._stop_event.is_set() or self._latest is None:
                    self._slot_lock.notify_all()
                    return
                frame, self._latest = self._latest, None
                self._slot_lock.notify_all()
            try:
                text = self._decode(frame.image)
            except Exception:
                log.exception("decoder failed on frame %s", frame.index)
                self._status(SourceStatus.LIVE, "decoder_error")
                text = None
            self.stats.decoded += 1
            accepted = self._debouncer.feed(frame.timestamp, text)
            if accepted is not None and self._on_code:
                self.stats.codes += 1
                try:
                    self._on_code(accepted)
                except Exception:
                    log.exception("on_code callback failed")
