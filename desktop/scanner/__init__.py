"""Camera capture, QR decoding, debounce and the keyboard wedge — plain Python threads, no Qt.

`desktop.ui` wraps `CaptureWorker`'s callbacks into signals; everything here runs under pytest
without a display.
"""
