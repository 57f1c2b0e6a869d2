"""The Qt bindings must not drop references to None, True or False.

PySide6 6.12.0 released a reference to None on every call of a method that returns nothing (and to
the booleans in some bindings): after some thousands of calls — one painted QR code is a thousand —
CPython aborts with "Fatal Python error: none_dealloc" (or bool_dealloc), at once or at exit. The
project pins PySide6 below that release; this test fails on any binding that does it again.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter

CALLS = 2000


def _counts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_void_and_bool_methods_keep_the_singletons_alive(qapp):
    obj, rect, point = QObject(), QRectF(0, 0, 10, 10), QPointF(1, 1)
    image = QImage(64, 64, QImage.Format_RGB32)
    before = _counts()
    for _ in range(CALLS):
        obj.setObjectName("x")
        obj.blockSignals(False)
        rect.contains(point)
    painter = QPainter(image)
    for _ in range(CALLS):
        painter.setPen(Qt.NoPen)
        painter.drawRect(QRectF(0, 0, 5, 5))
    painter.end()
    after = _counts()
    lost = [name for name, b, a in zip(("None", "True", "False"), before, after, strict=True) if b - a > CALLS // 2]
    assert not lost, f"the Qt bindings drop references to {lost} (before {before}, after {after})"
