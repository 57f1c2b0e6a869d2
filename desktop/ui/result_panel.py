"""The big answer after each scan: colour and headline readable from a metre away in sunlight.

Under the name, for a check-in that stands (recorded, or already recorded today), the person's
progress toward premium for this station's local government — "2/3回" with where the figure
comes from: this station's own records, or the central's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from desktop.checkin import CheckinResult
from desktop.progress import CENTRAL, Progress
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
        self.progress_line = QLabel(self)
        self.progress_line.setObjectName("resultProgress")
        self.progress_line.setAlignment(Qt.AlignCenter)
        self.progress_line.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("resultDetail")
        self.detail.setAlignment(Qt.AlignCenter)
        self.detail.setWordWrap(True)
        for label in (self.headline, self.name, self.progress_line, self.detail):
            layout.addWidget(label)
        self.result: CheckinResult | None = None
        self.progress: Progress | None = None
        self.outcome_class: OutcomeClass | None = None
        self.details_visible = True  # False while the window is locked: outcome yes, name no
        self.show_waiting()

    def set_details_visible(self, visible: bool) -> None:
        self.details_visible = visible
        if self.result is not None:
            self._paint()

    def show_waiting(self) -> None:
        self.result, self.outcome_class, self.progress = None, None, None
        self._paint()

    def show_result(self, result: CheckinResult) -> None:
        self.result, self.outcome_class, self.progress = result, outcome_class(result.outcome), None
        self._paint()

    def show_progress(self, progress: Progress | None) -> None:
        """The figure for the person on screen (the page matches it to the result it belongs to)."""
        self.progress = progress
        self._paint_progress()

    def show_error(self, text: str) -> None:
        self.result, self.outcome_class, self.progress = None, OutcomeClass.REFUSED, None
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
            " #resultProgress { font-size: 22pt; font-weight: bold; }"
            " #resultDetail { font-size: 15pt; }"
        )
        self._paint_progress()
        if self.result is None:
            self.headline.setText(self.tr("登録証をかざしてください"))
            self.name.setText("")
            self.detail.setText(self.tr("カメラ・スキャナー・手書き受付のどれでも受け付けます"))
            return
        self.headline.setText(headline(self.result.outcome))
        self.name.setText((self.result.display_name or "") if self.details_visible else "")
        self.detail.setText(explanation(self.result.outcome))

    def _paint_progress(self) -> None:
        # A count is shown while the window is locked, unlike the name: it names nobody (no name, no
        # card id), it is shown for a moment to the person who has just presented their own card —
        # what a self-service queue needs while the operator is away — and it says no more about
        # them than "recorded" already does about their being here. The name stays hidden.
        progress = self.progress
        if progress is None or self.outcome_class not in (OutcomeClass.RECORDED, OutcomeClass.DUPLICATE):
            self.progress_line.hide()
            self.progress_line.setText("")
            self.progress_line.setToolTip("")
            return
        self.progress_line.setText(self.progress_text(progress))
        self.progress_line.setToolTip(
            "" if progress.required_known
            else self.tr("必要回数は全国基準の3回で表示しています。自治体がこれより多く定めている場合は中央の記録で確認できます。")
        )
        self.progress_line.show()

    def progress_text(self, progress: Progress) -> str:
        # 「直近1年」, not 「今年」 or 「この1年」: the guideline's window is the 12 months (365 days) ending
        # today (DOMAIN.md, furusato.eligibility.window), not the calendar or fiscal year, and
        # 「この1年」 is easily read as "this year".
        if progress.reached:
            text = self.tr("この自治体での活動（直近1年）: %1回（必要%2回）")
        else:
            text = self.tr("この自治体での活動（直近1年）: %1/%2回")
        text = text.replace("%1", str(progress.count)).replace("%2", str(progress.required))
        source = self.tr("（中央の記録）") if progress.source == CENTRAL else self.tr("（この端末の記録）")
        if progress.waiting:
            # Attendance at an activity made at a station counts once the local government designates it.
            source += self.tr("　ほか%1回は活動の指定待ち").replace("%1", str(progress.waiting))
        return text + source

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self._paint()
        super().changeEvent(event)
