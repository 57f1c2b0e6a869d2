"""The activity code (活動QR) full-screen, and the A4 poster: printed, as PDF, or as an image.

furusato.activity_qr gives the module matrix (quiet zone included); Qt only paints squares. The
poster is painted by `print_poster(device, ...)` on any paged device — the printer, its preview, or
a QPrinter writing PDF (desktop.ui.printing) — so the saved PDF is what the printer gets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPagedPaintDevice, QPainter, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.activity_code import activity_code
from desktop.record_settings import RecordSettings
from desktop.station import Station
from desktop.ui import printing
from desktop.ui.activity_labels import venue_label
from furusato import record_format
from furusato.activity import Activity
from furusato.activity_qr import qr_matrix


def paint_matrix(painter: QPainter, matrix: list[list[bool]], rect: QRectF) -> None:
    n = len(matrix)
    side = min(rect.width(), rect.height())
    module = side / n
    overlap = 0.5  # a hair of overlap so no light seams appear between modules on screen or paper
    if module >= 3:  # whole device pixels: every module the same size, crisp on screen and in images
        module, overlap = float(int(module)), 0.0
        side = module * n
    left = rect.x() + (rect.width() - side) / 2
    top = rect.y() + (rect.height() - side) / 2
    if not overlap:
        left, top = float(round(left)), float(round(top))
    painter.fillRect(QRectF(left, top, side, side), QColor("white"))
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(left + x * module, top + y * module, module + overlap, module + overlap))


class QrCanvas(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix: list[list[bool]] = []
        self.setMinimumSize(300, 300)

    def set_matrix(self, matrix: list[list[bool]]) -> None:
        self.matrix = matrix
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        if not self.matrix:
            return
        painter = QPainter(self)
        paint_matrix(painter, self.matrix, QRectF(self.rect()))
        painter.end()


POSTER_MARGIN_MM = 15


def print_poster(device: QPagedPaintDevice, activity: Activity, token: str, texts: dict[str, str]) -> None:
    """The poster on one page of `device` (a printer, the preview's printer, or a PDF printer)."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer or PDF file could not be opened for painting")
    try:
        painter.setRenderHint(QPainter.TextAntialiasing)
        paint_poster(painter, QRectF(0, 0, device.width(), device.height()), activity, token, texts)
    finally:
        painter.end()


def write_poster(path: Path, activity: Activity, token: str, texts: dict[str, str]) -> Path:
    return printing.print_to_pdf(path, printing.PORTRAIT, POSTER_MARGIN_MM,
                                 lambda printer: print_poster(printer, activity, token, texts), activity.title)


def render_poster(activity: Activity, token: str, texts: dict[str, str], width: int = 1240) -> QImage:
    """The same A4 poster as an image (A4 proportions, 15 mm margins): for previews and screenshots."""
    height = round(width * 297 / 210)
    margin = round(width * 15 / 210)
    image = QImage(width, height, QImage.Format_RGB32)
    image.fill(Qt.white)
    # Point sizes are meant for paper: give the image the resolution that makes 180 mm of text width.
    image.setDotsPerMeterX(round((width - 2 * margin) / 0.180))
    image.setDotsPerMeterY(image.dotsPerMeterX())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.TextAntialiasing)
    painter.translate(margin, margin)
    paint_poster(painter, QRectF(0, 0, width - 2 * margin, height - 2 * margin), activity, token, texts)
    painter.end()
    return image


def poster_when(activity: Activity, date_style: str = record_format.WESTERN) -> str:
    """The activity's window as the poster prints it, in the station's 西暦/和暦."""
    return (f"{record_format.minute_text(activity.starts_at, date_style)} – "
            f"{record_format.minute_text(activity.ends_at, date_style)}")


def paint_poster(painter: QPainter, area: QRectF, activity: Activity, token: str, texts: dict[str, str]) -> None:
    width = area.width()

    def text(y: float, height: float, content: str, size: int, bold: bool = False) -> float:
        painter.setFont(printing.paper_font(size, bold))
        painter.setPen(Qt.black)
        painter.drawText(QRectF(0, y, width, height), Qt.AlignHCenter | Qt.AlignVCenter | Qt.TextWordWrap, content)
        return y + height

    y = text(0, width * 0.12, activity.title, 28, True)
    y = text(y, width * 0.06, texts.get("when") or poster_when(activity), 16)
    y = text(y, width * 0.06, f"{venue_label(activity.venue_lg)} {activity.place}", 16)
    side = width * 0.7
    paint_matrix(painter, qr_matrix(token), QRectF((width - side) / 2, y + width * 0.02, side, side))
    y += side + width * 0.05
    text(y, width * 0.25, texts["instructions"], 14)


INSTRUCTIONS = QT_TRANSLATE_NOOP("ActivityQrPage", "ふるさと住民アプリでこのQRコードを読み取ると、参加が記録されます。")


class ActivityQrPage(QWidget):
    back_requested = Signal()

    def __init__(self, station: Station, parent=None):
        super().__init__(parent)
        self.station = station
        self.activity: Activity | None = None
        self.token = ""
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.title.setAlignment(Qt.AlignCenter)
        self.canvas = QrCanvas(self)
        self.instructions = QLabel(self)
        self.instructions.setAlignment(Qt.AlignCenter)
        self.instructions.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.instructions)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self)
        self.poster_button = QPushButton(self)
        self.back_button = QPushButton(self)
        self.preview: QWidget | None = None
        for button in (self.print_button, self.poster_button, self.back_button):
            button.setMinimumHeight(48)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.ask_print)
        self.poster_button.clicked.connect(self.ask_poster)
        self.back_button.clicked.connect(self.back_requested.emit)
        shortcut = QShortcut(QKeySequence("Escape"), self)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        self.retranslate()

    def instructions_text(self) -> str:
        return self.tr(INSTRUCTIONS)

    def retranslate(self) -> None:
        self.instructions.setText(self.instructions_text())
        self.print_button.setText(self.tr("ポスターを印刷…"))
        self.poster_button.setText(self.tr("A4ポスターをPDFで保存…"))
        self.back_button.setText(self.tr("戻る (Esc)"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_activity(self, activity: Activity) -> None:
        self.activity = activity
        self.token = activity_code(self.station, activity)
        self.title.setText(activity.title)
        self.canvas.set_matrix(qr_matrix(self.token))

    def poster_texts(self) -> dict[str, str]:
        style = RecordSettings(self.station.meta).date_style
        return {"instructions": self.instructions_text(), "when": poster_when(self.activity, style)}

    def save_poster(self, path: Path) -> Path:
        return write_poster(Path(path), self.activity, self.token, self.poster_texts())

    def print_to(self, device: QPagedPaintDevice) -> None:
        print_poster(device, self.activity, self.token, self.poster_texts())

    def ask_print(self) -> None:
        """The print preview of the poster: the operator picks the printer there (or a PDF file)."""
        if self.activity is None:
            return
        printer = printing.a4_printer(printing.PORTRAIT, POSTER_MARGIN_MM, title=self.activity.title)
        self.preview = printing.open_preview(self, printer, self.print_to, self.tr("ポスターの印刷"))

    def poster_image(self, width: int = 1240) -> QImage:
        return render_poster(self.activity, self.token, self.poster_texts(), width)

    def ask_poster(self) -> None:
        if self.activity is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("ポスターを保存"), f"{self.activity.id}.pdf", "PDF (*.pdf)")
        if path:
            self.save_poster(Path(path))
