"""The shipped arrangement: `decode_frame(image) -> str | None`, chosen from `bench/bench_decoders.py`.

zxing-cpp restricted to QR reads nearly everything at ~3 ms a 720p frame, dark-mode screens included
(its `try_invert`), where pyzbar (~25 ms) and OpenCV's detectors (40–60 ms) are slower and miss more.
What zxing alone still misses are codes smeared by focus or a shaking hand, and screens dimmed or
half washed out by glare. Two cheap retries on a pre-processed copy win most of those back: a strong
unsharp mask (restores module edges) and a global histogram equalisation (spreads a dim or washed-out
screen). CLAHE did as well as the equalisation on those frames but cost 4–5 ms against 0.5 ms. The
retries skip zxing's invert, rotate and downscale passes, which the primary already made. A frame
without any code pays for all three passes (3 ms idle, 21 ms with the machine loaded, at 720p on one
core); the capture worker only ever decodes the latest frame, so a slow pass delays the next decode
instead of queuing frames.
"""

from __future__ import annotations

import cv2
import numpy as np

from desktop.scanner.decoders import to_gray, zxing_decoder

_primary = zxing_decoder(try_invert=True, try_rotate=True, try_downscale=True)
_retry = zxing_decoder(try_invert=False, try_rotate=False, try_downscale=False)


def _sharpened(gray: np.ndarray) -> np.ndarray:
    soft = cv2.GaussianBlur(gray, (0, 0), 1.5)
    return cv2.addWeighted(gray, 3.0, soft, -2.0, 0)


def decode_frame(image: np.ndarray) -> str | None:
    """The text of the first QR code in a grey or BGR frame, or None."""
    gray = to_gray(image)
    text = _primary(gray)
    if text is None:
        text = _retry(_sharpened(gray))
    if text is None:
        text = _retry(cv2.equalizeHist(gray))
    return text
