"""QR symbols for activity codes: the window paints the screen and the A4 poster from these.

Error correction M with `boost_error=False`: segno would otherwise raise the level whenever it
fits, so the symbol version — and the printed module size — would shift with the title's length.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno

from furusato.keys import atomic_write

ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white border the QR specification requires around the symbol


def activity_qr(token: str) -> segno.QRCode:
    return segno.make_qr(token, error=ERROR_LEVEL, boost_error=False)


def qr_png_bytes(token: str, scale: int = 10, border: int = QUIET_ZONE) -> bytes:
    buffer = io.BytesIO()
    activity_qr(token).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def write_qr_png(path: str | Path, text: str, *, scale: int) -> Path:
    """The code as a PNG file, written whole or not at all (demo cards, enrolment codes)."""
    path = Path(path)
    atomic_write(path, qr_png_bytes(text, scale=scale), 0o644)
    return path


def qr_matrix(token: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Rows of dark (True) / light modules, quiet zone included so painters cannot forget it."""
    return [[bool(cell) for cell in row] for row in activity_qr(token).matrix_iter(scale=1, border=border)]
