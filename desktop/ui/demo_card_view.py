"""A demo registration card as a big QR code, for a phone to photograph or a gun to read off the screen.

Part of the first-run screen (desktop/ui/first_run_page.py). The card is desktop.demo_card's, the
same as `furusato-field demo-card` prints: a new person each time, trusted only until enrolment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop import demo_card
from desktop.ui.activity_qr_page import QrCanvas
from furusato.activity_qr import qr_matrix, write_qr_png


def big_button(parent) -> QPushButton:
    button = QPushButton(parent)
    button.setMinimumHeight(56)
    button.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    return button


class DemoCardView(QWidget):
    start_requested = Signal()  # デモで始める
    back_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.token: str | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.title.setAlignment(Qt.AlignCenter)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignCenter)
        self.canvas = QrCanvas(self)
        self.canvas.setObjectName("demoCardCanvas")
        self.canvas.setMinimumSize(160, 160)  # shrinks before the buttons leave a small screen
        self.saved = QLabel(self)
        self.saved.setAlignment(Qt.AlignCenter)
        self.saved.setWordWrap(True)
        for widget, stretch in ((self.title, 0), (self.hint, 0), (self.canvas, 1), (self.saved, 0)):
            layout.addWidget(widget, stretch)
        buttons = QHBoxLayout()
        self.save_button, self.next_button = big_button(self), big_button(self)
        self.start_button, self.back_button = big_button(self), big_button(self)
        for button in (self.save_button, self.next_button, self.start_button, self.back_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.ask_save)
        self.next_button.clicked.connect(self.new_card)
        self.start_button.clicked.connect(self.start_requested.emit)
        self.back_button.clicked.connect(self.back_requested.emit)
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.setContext(Qt.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back_requested.emit)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("デモ用の登録証（%1）").replace("%1", demo_card.DEFAULT_NAME))
        self.hint.setText(self.tr("スマートフォンで撮影するか、PNGで保存してスマートフォンに送り、受付画面でカメラか"
                                  "スキャナーに見せてください。"))
        self.save_button.setText(self.tr("PNGで保存…"))
        self.next_button.setText(self.tr("別の人の登録証"))
        self.start_button.setText(self.tr("デモで始める"))
        self.back_button.setText(self.tr("戻る (Esc)"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def new_card(self) -> None:
        """A new card (a new person) on screen. OSError/KeyFileError when the demo key is missing."""
        token = demo_card.issue()
        self.token = token
        self.canvas.set_matrix(qr_matrix(token))
        self.saved.clear()

    def save(self, path: str | Path) -> Path:
        """The card on screen as a PNG (what `furusato-field demo-card --out` writes)."""
        if self.token is None:
            self.new_card()
        path = write_qr_png(path, self.token, scale=8)  # a few KB: no worker needed
        self.saved.setText(self.tr("保存しました: %1").replace("%1", str(path)))
        return path

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("デモ用の登録証を保存"), "demo-card.png", "PNG (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            self.save(path)
        except OSError as exc:
            self.saved.setText(self.tr("保存できませんでした: %1").replace("%1", exc.strerror or str(exc)))
