"""Qt's own print support for the station's papers: a printer set to A4, the preview, PDF files.

Every paper is painted by one function `paint(device)` that works on any QPagedPaintDevice; the
preview, the printer and a PDF file all call that same function, so a PDF checked in a test is
what the printer gets. The preview is where the operator picks the printer (or "print to file").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

Paint = Callable[[QPrinter], object]

# A Latin family first, then the CJK ones (Linux, Windows, macOS): Qt's PDF writer maps glyphs back
# to text through the font's own table, and a CJK font's Latin digits inside a word ("hanako0@")
# come back as spaces — an e-mail copied from the PDF would be wrong. Kanji come back as the
# look-alike Kangxi radicals (⼗ for 十) whatever the font: NFKC folds them, the paper is unaffected.
# Without any CJK font every kanji would print as a box.
PAPER_FONTS = ["DejaVu Sans", "Segoe UI", "Arial", "Noto Sans CJK JP", "Yu Gothic", "Meiryo", "Hiragino Sans",
               "Source Han Sans JP"]

PORTRAIT, LANDSCAPE = QPageLayout.Portrait, QPageLayout.Landscape


def paper_font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(PAPER_FONTS)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def a4_printer(orientation: QPageLayout.Orientation, margin_mm: float, *, pdf: Path | None = None,
               title: str = "") -> QPrinter:
    """A printer on A4 (the system's default printer, or a PDF file when `pdf` is given)."""
    printer = QPrinter(QPrinter.HighResolution)
    if pdf is not None:
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(pdf))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), orientation,
                                      QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Millimeter))
    printer.setDocName(title)
    printer.setCreator("Furusato Field")
    return printer


def print_to_pdf(path: Path, orientation: QPageLayout.Orientation, margin_mm: float, paint: Paint,
                 title: str = "") -> Path:
    printer = a4_printer(orientation, margin_mm, pdf=Path(path), title=title)
    paint(printer)
    return Path(path)


def open_preview(parent: QWidget, printer: QPrinter, paint: Paint, title: str) -> QPrintPreviewDialog:
    """A window-modal preview (the operator prints from its toolbar); returned open, not waited for,
    so the window's lock can close it and tests can look at it."""
    dialog = QPrintPreviewDialog(printer, parent)
    # The dialog does not own the printer: without this reference Python frees it under the dialog.
    dialog.printer_kept = printer
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(paint)
    dialog.resize(1100, 700)
    dialog.open()
    return dialog
