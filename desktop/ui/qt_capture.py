"""desktop.scanner's CaptureWorker, its callbacks turned into Qt signals.

The callbacks run on the worker's threads; emitting a signal of a QObject that lives in the GUI
thread from there makes Qt queue the call into the GUI thread's event loop (AutoConnection).
Preview frames are converted to QImage on the worker and thinned to `preview_fps`, so a slow
laptop paints what it can and never queues frames.
"""

from __future__ import annotations

import logging
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
        self._worker = CaptureWorker(
            source, on_frame=self._on_frame, on_code=self.code.emit, on_status=self._on_status, **kwargs
        )
        self._worker.start()

    def stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()

    # --- worker threads ---
    def _on_frame(self, frame: Frame) -> None:
        now = time.monotonic()
        if now - self._last_preview < self._min_gap:
            return
        self._last_preview = now
        self.frame.emit(frame_to_qimage(frame.image))

    def _on_status(self, status: SourceStatus, message_code: str) -> None:
        self.status.emit(str(status), message_code)
