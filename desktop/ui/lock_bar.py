"""The strip above the pages while the window is locked: "locked — unlock (Ctrl+L)", then the passphrase.

It is part of the window, not a modal dialog: the check-in page below keeps scanning and recording
while the operator is away or typing the passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.sign_in import UnlockForm, _big


class LockBar(QWidget):
    unlocked = Signal(object)  # DataKey

    def __init__(self, root: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("lockBar")
        self.setStyleSheet("#lockBar { background: #37474f; } #lockBar QLabel { color: #ffffff; }")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.notice = QLabel(self)
        _big(self.notice, 16)
        self.button = QPushButton(self)
        self.button.setObjectName("unlockButton")
        _big(self.button)
        row.addWidget(self.notice, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.form = UnlockForm(root, self, via="window")
        self.form.hide()
        layout.addWidget(self.form)
        self.button.clicked.connect(self.open_unlock)
        self.form.cancelled.connect(self.collapse)
        self.form.unlocked.connect(self.unlocked.emit)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.notice.setText(self.tr("個人情報を隠しています。受付はこのまま続けられます。"))
        self.button.setText(self.tr("ロック中 — 解除 (Ctrl+L)"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def unlocking(self) -> bool:
        return not self.form.isHidden()

    def set_locked(self, locked: bool) -> None:
        self.setVisible(locked)
        self.collapse()

    def open_unlock(self) -> None:
        self.show()
        self.form.reset()
        self.form.show()
        self.form.focus()

    def collapse(self) -> None:
        self.form.reset()
        self.form.hide()
