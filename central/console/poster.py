"""The activity's A4 poster as PDF, drawn without Qt (fpdf2), laid out as the station's poster is:
title, dates, venue, the activity code (CONTRACTS §1) as a QR symbol, the instruction to scan it.

Japanese text needs a Japanese font embedded in the PDF: the first one found of FONT_CANDIDATES
(Noto Sans CJK from Debian's fonts-noto-cjk, Windows' and macOS' own Gothic fonts), or the file named
by FURUSATO_POSTER_FONT. fpdf2 embeds only the glyphs used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fpdf import FPDF

from central import clock
from central.console.texts import lg_label
from furusato.activity import JST
from furusato.activity_qr import qr_matrix

FONT_ENV = "FURUSATO_POSTER_FONT"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
)
INSTRUCTIONS = "ふるさと住民アプリでこのQRコードを読み取ると、参加が記録されます。"
INSTRUCTIONS_EN = "Scan this code with the Furusato resident app to record your participation."
MARGIN_MM = 15


class NoJapaneseFont(RuntimeError):
    pass


def font_path() -> Path:
    named = os.environ.get(FONT_ENV)
    for candidate in ([named] if named else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise NoJapaneseFont("no Japanese font found: install fonts-noto-cjk or set " + FONT_ENV)


def poster_pdf(activity: Mapping[str, Any], token: str) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(False)
    path = font_path()
    pdf.add_font("ja", fname=str(path), **({"collection_font_number": 0} if path.suffix.lower() == ".ttc" else {}))
    pdf.set_title(activity["title"])
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    pdf.set_font("ja", size=28)
    pdf.set_xy(MARGIN_MM, MARGIN_MM + 4)
    pdf.multi_cell(width, 13, activity["title"], align="C")
    start, end = clock.parse(activity["start"]).astimezone(JST), clock.parse(activity["end"]).astimezone(JST)
    pdf.set_font("ja", size=16)
    pdf.set_x(MARGIN_MM)
    pdf.multi_cell(width, 9, f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}", align="C")
    pdf.set_x(MARGIN_MM)
    pdf.multi_cell(width, 9, f"{lg_label(activity['venue'])} {activity.get('place') or ''}".strip(), align="C")
    side = width * 0.7
    top = pdf.get_y() + 6
    _qr(pdf, qr_matrix(token), MARGIN_MM + (width - side) / 2, top, side)
    pdf.set_xy(MARGIN_MM, top + side + 8)
    pdf.set_font("ja", size=14)
    pdf.multi_cell(width, 8, INSTRUCTIONS, align="C")
    pdf.set_font("ja", size=10)
    pdf.set_x(MARGIN_MM)
    pdf.multi_cell(width, 6, INSTRUCTIONS_EN, align="C")
    return bytes(pdf.output())


def _qr(pdf: FPDF, matrix: list[list[bool]], left: float, top: float, side: float) -> None:
    module = side / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):  # one rectangle per run of dark modules: a smaller file, no seams
            if not row[x]:
                x += 1
                continue
            run = x
            while run < len(row) and row[run]:
                run += 1
            pdf.rect(left + x * module, top + y * module, (run - x) * module, module, style="F")
            x = run
