"""One wrapper per QR library, each `(image) -> str | None`, QR codes only.

Every wrapper accepts a grey or BGR uint8 array and converts once. They are what the benchmark
compares and what `decode_strategy` composes; none of them keeps state, so any thread may call them.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

Decoder = Callable[[np.ndarray], "str | None"]


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _zxing_qr_formats():
    import zxingcpp

    # zxing-cpp 3 widened `QRCode` to Micro QR and rMQR as well; cards are plain QR (model 2), and
    # every extra format is one more chance of a false read on a textured background.
    return getattr(zxingcpp.BarcodeFormat, "QRCodeModel2", zxingcpp.BarcodeFormat.QRCode)


def zxing_decoder(*, try_invert: bool = True, try_rotate: bool = True, try_downscale: bool = True,
                  binarizer: str = "LocalAverage") -> Decoder:
    """zxing-cpp restricted to QR; the options are zxing's own (see `read_barcodes`)."""
    import zxingcpp

    formats = _zxing_qr_formats()
    binarizer_value = getattr(zxingcpp.Binarizer, binarizer)

    def decode(image: np.ndarray) -> str | None:
        results = zxingcpp.read_barcodes(
            to_gray(image),
            formats=formats,
            try_rotate=try_rotate,
            try_invert=try_invert,
            try_downscale=try_downscale,
            binarizer=binarizer_value,
        )
        for result in results:
            if result.valid and result.text:
                return result.text
        return None

    return decode


def decode_zxing(image: np.ndarray) -> str | None:
    return _ZXING_DEFAULT(image)


_ZXING_DEFAULT = zxing_decoder()


def decode_pyzbar(image: np.ndarray) -> str | None:
    from pyzbar.pyzbar import ZBarSymbol, decode

    for symbol in decode(to_gray(image), symbols=[ZBarSymbol.QRCODE]):
        try:
            return symbol.data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


_OPENCV: dict[str, object] = {}


def _opencv_detector(kind: str):
    # Detector objects hold scratch state, so each thread gets its own (keyed by thread id).
    import threading

    key = f"{kind}:{threading.get_ident()}"
    detector = _OPENCV.get(key)
    if detector is None:
        detector = cv2.QRCodeDetectorAruco() if kind == "aruco" else cv2.QRCodeDetector()
        _OPENCV[key] = detector
    return detector


def _decode_opencv_with(kind: str, image: np.ndarray) -> str | None:
    try:
        text, _points, _straight = _opencv_detector(kind).detectAndDecode(to_gray(image))
    except cv2.error:
        return None
    return text or None


def decode_opencv(image: np.ndarray) -> str | None:
    return _decode_opencv_with("classic", image)


def decode_opencv_aruco(image: np.ndarray) -> str | None:
    return _decode_opencv_with("aruco", image)


DECODERS: dict[str, Decoder] = {
    "pyzbar": decode_pyzbar,
    "zxing": decode_zxing,
    "opencv": decode_opencv,
    "opencv_aruco": decode_opencv_aruco,
}
