"""desktop.scanner's CaptureWorker, its callbacks turned into Qt signals.

The callbacks run on the worker's threads; emitting a signal of a QObject that lives in the GUI
thread from there makes Qt queue the call into the GUI thread's event loop (AutoConnection).
Preview frames are converted to QImage on the worker and thinned to `preview_fps`, so a slow
laptop paints what it can and never queues frames.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from desktop.scanner.capture_worker import CaptureWorker
from desktop.scanner.frame_source import Frame, FrameSource, SourceStatus

log = logging.getLogger(__name__)


def frame_to_qimage(image: np.ndarray, max_width: int = 640) -> QImage:
    """A small RGB copy for the preview (the frame itself is shared with the decoder: never touched)."""
    step = max(1, image.shape[1] // max_width)
    small = image[::step, ::step]
    if small.ndim == 2:
        small = np.ascontiguousarray(small)
        h, w = small.shape
        return QImage(small.data, w, h, w, QImage.Format_Grayscale8).copy()
    rgb = np.ascontiguousarray(small[:, :, 2::-1])  # BGR → RGB
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888).copy()


class QtCapture(QObject):
    frame = Signal(QImage)
    code = Signal(str)
    status = Signal(str, str)  # SourceStatus value, message code

    def __init__(self, parent=None, *, preview_fps: float = 15.0, decode=None):
        super().__init__(parent)
        self._worker: CaptureWorker | None = None
        self._min_gap = 1.0 / preview_fps if preview_fps else 0.0
        self._last_preview = 0.0
        self.decode = decode

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    @property
    def worker(self) -> CaptureWorker | None:
        return self._worker

    def start(self, source: FrameSource) -> None:
        self.stop()
        kwargs = {"decode": self.decode} if self.decode else {}
        worker = CaptureWorker(source, on_frame=self._on_frame, on_code=self._on_code, on_status=self._on_status,
                               **kwargs)
        self._worker = worker
        worker.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stops capture and waits (up to `timeout`) for both its threads; True when they have ended.

        Once stopped, a decode still finishing emits nothing: the window may be closing.
        """
        worker, self._worker = self._worker, None
        if worker is None:
            return True
        deadline = time.monotonic() + timeout
        worker.stop(timeout)
        decoder = getattr(worker, "_decoder", None)  # CaptureWorker's second thread
        if decoder is not None and decoder.is_alive():
            decoder.join(max(0.0, deadline - time.monotonic()))
        ended = not worker.is_alive() and not (decoder is not None and decoder.is_alive())
        if not ended:
            log.warning("capture threads still busy after %.1f s", timeout)
        return ended

    def _current(self) -> bool:
        """Is the calling thread one of the running worker's (not one that was stopped)?"""
        worker = self._worker
        if worker is None:
            return False
        current = threading.current_thread()
        return current is worker or current is getattr(worker, "_decoder", None)

    # --- worker threads ---
    def _on_code(self, text: str) -> None:
        if self._current():
            self.code.emit(text)

    def _on_frame(self, frame: Frame) -> None:
        if not self._current():
            return
        now = time.monotonic()
        if now - self._last_preview < self._min_gap:
            return
        self._last_preview = now
        self.frame.emit(frame_to_qimage(frame.image))

    def _on_status(self, status: SourceStatus, message_code: str) -> None:
        if self._current() or status is SourceStatus.STOPPED:
            self.status.emit(str(status), message_code)
