"""A line under the check-in page's title for an activity that does not count (yet).

Records at an activity made at a station are kept from the first scan, but count toward premium only
once the local government designates it; a coordinator should be able to say so at the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel

from furusato.activity import Activity
from furusato.activity_proposal import PROPOSED, REFUSED


class ActivityStatusNote(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("activityStatusNote")
        self.setWordWrap(True)
        self.activity: Activity | None = None
        self.hide()

    def set_activity(self, activity: Activity | None) -> None:
        self.activity = activity
        self._paint()

    def _paint(self) -> None:
        activity = self.activity
        if activity is None or activity.status not in (PROPOSED, REFUSED):
            self.hide()
            return
        if activity.status == PROPOSED:
            self.setText(self.tr("提案中: この活動は自治体の指定を待っています。受付は記録され、指定されると数えられます。"))
            self.setStyleSheet("background: #fff3e0; color: #5d4037; padding: 6px; border-left: 6px solid #ef6c00;")
        else:
            note = activity.status_note if activity.status_note not in ("", "designated_whole") else ""
            text = self.tr("指定されず: この活動は自治体に指定されませんでした。記録は残りますが数えられません。")
            self.setText(text + (f"（{note}）" if note else ""))
            self.setStyleSheet("background: #ffebee; color: #b71c1c; padding: 6px; border-left: 6px solid #c62828;")
        self.show()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self._paint()
        super().changeEvent(event)
