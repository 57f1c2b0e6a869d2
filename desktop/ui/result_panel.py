"""The big answer after each scan: colour and headline readable from a metre away in sunlight."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from desktop.checkin import CheckinResult
from desktop.ui.outcome_texts import OutcomeClass, explanation, headline, outcome_class

COLOURS = {
    None: ("#eceff1", "#263238"),
    OutcomeClass.RECORDED: ("#1b7f3b", "#ffffff"),
    OutcomeClass.DUPLICATE: ("#f2a900", "#1a1a1a"),
    OutcomeClass.REFUSED: ("#c62828", "#ffffff"),
}


class ResultPanel(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("resultPanel")
        self.setMinimumHeight(180)
        layout = QVBoxLayout(self)
        self.headline = QLabel(self)
        self.headline.setObjectName("resultHeadline")
        self.headline.setAlignment(Qt.AlignCenter)
        self.name = QLabel(self)
        self.name.setObjectName("resultName")
        self.name.setAlignment(Qt.AlignCenter)
        self.detail = QLabel(self)
        self.detail.setObjectName("resultDetail")
        self.detail.setAlignment(Qt.AlignCenter)
        self.detail.setWordWrap(True)
        for label in (self.headline, self.name, self.detail):
            layout.addWidget(label)
        self.result: CheckinResult | None = None
        self.outcome_class: OutcomeClass | None = None
        self.details_visible = True  # False while the window is locked: outcome yes, name no
        self.show_waiting()

    def set_details_visible(self, visible: bool) -> None:
        self.details_visible = visible
        if self.result is not None:
            self._paint()

    def show_waiting(self) -> None:
        self.result, self.outcome_class = None, None
        self._paint()

    def show_result(self, result: CheckinResult) -> None:
        self.result, self.outcome_class = result, outcome_class(result.outcome)
        self._paint()

    def show_error(self, text: str) -> None:
        self.result, self.outcome_class = None, OutcomeClass.REFUSED
        self._paint()
        self.headline.setText(self.tr("エラー"))
        self.detail.setText(text)

    def _paint(self) -> None:
        background, foreground = COLOURS[self.outcome_class]
        self.setStyleSheet(
            f"#resultPanel {{ background: {background}; border-radius: 8px; }}"
            f" QLabel {{ color: {foreground}; background: transparent; }}"
            " #resultHeadline { font-size: 36pt; font-weight: bold; }"
            " #resultName { font-size: 28pt; }"
            " #resultDetail { font-size: 15pt; }"
        )
        if self.result is None:
            self.headline.setText(self.tr("登録証をかざしてください"))
            self.name.setText("")
            self.detail.setText(self.tr("カメラ・スキャナー・手書き受付のどれでも受け付けます"))
            return
        self.headline.setText(headline(self.result.outcome))
        self.name.setText((self.result.display_name or "") if self.details_visible else "")
        self.detail.setText(explanation(self.result.outcome))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self._paint()
        super().changeEvent(event)
