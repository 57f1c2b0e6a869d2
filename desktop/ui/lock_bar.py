"""The strip above the pages while the window is locked: "locked — unlock (Ctrl+L)", then the passphrase.

It is part of the window, not a modal dialog: the check-in page below keeps scanning and recording
while the operator is away or typing the passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui.sign_in import UnlockForm, _big


class LockBar(QWidget):
    """One strip, whether it shows the notice or the passphrase field: the unlock prompt used to
    stack under the notice and grew the window past a 768-line screen (949 px in outdoor mode)."""

    unlocked = Signal(object)  # DataKey

    def __init__(self, root: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("lockBar")
        # Its own colours for every child: outdoor mode's white-on-everything rule made the
        # notice white on white.
        self.setStyleSheet("#lockBar { background: #263238; }"
                           " #lockBar QLabel { color: #ffffff; background: transparent; }"
                           " #lockBar QLabel#fieldError { color: #ffcdd2; }"
                           " #lockBar QLineEdit { background: #ffffff; color: #000000; }")
        self.setAttribute(Qt.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        _big(self.notice, 14)
        self.button = QPushButton(self)
        self.button.setObjectName("unlockButton")
        _big(self.button)
        self.form = UnlockForm(root, self, via="window", inline=True)
        self.form.hide()
        layout.addWidget(self.notice, 1)
        layout.addWidget(self.form, 3)
        layout.addWidget(self.button)
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
        self.button.hide()
        self.notice.hide()  # the prompt says it all; beside the field the notice wrapped to six lines
        self.form.show()
        self.form.focus()

    def collapse(self) -> None:
        self.form.reset()
        self.form.hide()
        self.button.show()
        self.notice.show()
