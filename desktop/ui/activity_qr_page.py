"""The activity code (活動QR) full-screen, and the A4 poster as PDF (or as an image, for previews).

furusato.activity_qr gives the module matrix (quiet zone included); Qt only paints squares.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMarginsF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QShortcut,
)
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.station import Station
from desktop.ui.activity_labels import venue_label
from furusato.activity import JST, Activity
from furusato.activity_qr import qr_matrix
from furusato.activity_token import issue_activity_code


def activity_code(station: Station, activity: Activity) -> str:
    return issue_activity_code(
        station.signing_key, device_id=station.signer.device_id, activity_id=activity.id, lg=activity.venue_lg,
        title=activity.title, nbf=int(activity.starts_at.timestamp()), exp=int(activity.ends_at.timestamp()),
    )


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
        self.setMinimumSize(180, 180)  # a floor for the smallest screens: the page gives it all the room it has

    def set_matrix(self, matrix: list[list[bool]]) -> None:
        self.matrix = matrix
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        if not self.matrix:
            return
        painter = QPainter(self)
        paint_matrix(painter, self.matrix, QRectF(self.rect()))
        painter.end()


def write_poster(path: Path, activity: Activity, token: str, texts: dict[str, str]) -> Path:
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15)))
    writer.setResolution(300)
    writer.setTitle(activity.title)
    painter = QPainter(writer)
    paint_poster(painter, QRectF(painter.viewport()), activity, token, texts)
    painter.end()
    return path


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


def paint_poster(painter: QPainter, area: QRectF, activity: Activity, token: str, texts: dict[str, str]) -> None:
    width = area.width()

    def text(y: float, height: float, content: str, size: int, bold: bool = False) -> float:
        font = QFont()
        font.setPointSize(size)
        font.setBold(bold)
        painter.setFont(font)
        painter.setPen(Qt.black)
        painter.drawText(QRectF(0, y, width, height), Qt.AlignHCenter | Qt.AlignVCenter | Qt.TextWordWrap, content)
        return y + height

    y = text(0, width * 0.12, activity.title, 28, True)
    start, end = activity.starts_at.astimezone(JST), activity.ends_at.astimezone(JST)
    y = text(y, width * 0.06, f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}", 16)
    y = text(y, width * 0.06, f"{venue_label(activity.venue_lg)} {activity.place}", 16)
    side = width * 0.7
    paint_matrix(painter, qr_matrix(token), QRectF((width - side) / 2, y + width * 0.02, side, side))
    y += side + width * 0.05
    text(y, width * 0.25, texts["instructions"], 14)


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
        self.poster_button = QPushButton(self)
        self.back_button = QPushButton(self)
        for button in (self.poster_button, self.back_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.poster_button.clicked.connect(self.ask_poster)
        self.back_button.clicked.connect(self.back_requested.emit)
        shortcut = QShortcut(QKeySequence("Escape"), self)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        self.retranslate()

    def instructions_text(self) -> str:
        return self.tr("ふるさと住民アプリでこのQRコードを読み取ると、参加が記録されます。")

    def retranslate(self) -> None:
        self.instructions.setText(self.instructions_text())
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

    def save_poster(self, path: Path) -> Path:
        return write_poster(Path(path), self.activity, self.token, {"instructions": self.instructions_text()})

    def poster_image(self, width: int = 1240) -> QImage:
        return render_poster(self.activity, self.token, {"instructions": self.instructions_text()}, width)

    def ask_poster(self) -> None:
        if self.activity is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("ポスターを保存"), f"{self.activity.id}.pdf", "PDF (*.pdf)")
        if path:
            self.save_poster(Path(path))
