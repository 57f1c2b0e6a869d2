"""A full-width warning across the top of the window: shown while it has text, gone when it has none.

A label takes no focus and no input, so scanning (camera or scanner gun) goes on underneath it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel


class WarningBanner(QLabel):
    def __init__(self, name: str, background: str, font_pt: int, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignCenter)
        self.setFocusPolicy(Qt.NoFocus)
        self.setTextInteractionFlags(Qt.NoTextInteraction)
        self.setStyleSheet(f"#{name} {{ background: {background}; color: #ffffff; font-weight: bold;"
                           f" font-size: {font_pt}pt; padding: 8px; }}")
        self.hide()

    @Slot(str)
    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
