"""Draws the station's icon (no downloads, no hand-made binaries): installer/icon/furusato-field.{png,ico,icns}.

    QT_QPA_PLATFORM=offscreen python installer/make_icon.py

A green rounded square with a white house and 「ふ」; Qt's image plugins write the ICO (Windows) and,
where the plugin can write it, the ICNS (macOS). Run again only if the design changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "icon"


def draw(size: int):
    from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: TID251 - build tooling, not the core
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPolygonF  # noqa: TID251 - build tooling, not the core

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    background = QPainterPath()
    background.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.fillPath(background, QColor("#2e7d32"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    roof = QPolygonF([QPointF(128 * s, 40 * s), QPointF(220 * s, 120 * s), QPointF(36 * s, 120 * s)])
    p.drawPolygon(roof)
    p.drawRect(QRectF(60 * s, 112 * s, 136 * s, 100 * s))
    p.setPen(QColor("#2e7d32"))
    font = QFont()
    font.setPixelSize(int(84 * s))
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(60 * s, 112 * s, 136 * s, 100 * s), Qt.AlignmentFlag.AlignCenter, "ふ")
    p.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: TID251 - build tooling, not the core

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts need it
    OUT.mkdir(exist_ok=True)
    big = draw(256)
    if not big.save(str(OUT / "furusato-field.png"), "PNG"):
        print("could not write the PNG icon", file=sys.stderr)
        return 1
    written = ["furusato-field.png"]
    if draw(256).save(str(OUT / "furusato-field.ico"), "ICO"):
        written.append("furusato-field.ico")
    if draw(512).save(str(OUT / "furusato-field.icns"), "ICNS"):
        written.append("furusato-field.icns")
    print("wrote", ", ".join(str(OUT / name) for name in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
