"""`decode IMAGE...`: the text of the QR code in each image, one JSON line per image (CONTRACTS §3)."""

from __future__ import annotations

import argparse

from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit

NAME = "decode"
HELP = "decode the QR code in each image (one JSON line per image)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="image files (PNG, JPEG, ...)")


def run(args: argparse.Namespace) -> int:
    import time

    import cv2
    import numpy as np

    from desktop.scanner.decode_strategy import decode_frame

    all_read = True
    for path in args.images:
        start = time.perf_counter()
        # imdecode on the bytes, because cv2.imread cannot open non-ASCII paths on Windows.
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        except (OSError, cv2.error):
            image = None
        text = decode_frame(image) if image is not None else None
        line = {"path": path, "text": text, "ms": round((time.perf_counter() - start) * 1000, 2)}
        if image is None:
            line["error"] = "unreadable_image"
        emit(line)
        all_read = all_read and text is not None
    return EXIT_OK if all_read else EXIT_REFUSED
