"""The big answer after each scan: colour and headline readable from a metre away in sunlight.

Under the name, for a check-in that stands (recorded, or already recorded today), the person's
progress toward premium for this station's local government — "2/3回" with where the figure
comes from: this station's own records, or the central's.

An answer says how long ago it appeared (「3秒前」) and gives way to the idle prompt after a while
(`tick`, driven by the page's clock): a stale 記録しました must not greet the next person, nor keep
the previous one's name on screen. Outside the activity's window the idle panel says 受付時間外 and
when the window opens or closed, instead of inviting a scan.

The type shrinks with the panel (down to a floor) and wraps rather than widening the window: the
same panel serves 1366×768 and 1280×720 at 150 % scaling. `compact` is the banner shown above the
hand-entry form, so a scan while typing is answered without hiding what was typed.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from desktop.checkin import CheckinResult
from desktop.progress import CENTRAL, Progress
from desktop.ui.outcome_texts import OutcomeClass, age_text, explanation, headline, outcome_class

COLOURS = {
    None: ("#eceff1", "#263238"),
    OutcomeClass.RECORDED: ("#1b7f3b", "#ffffff"),
    OutcomeClass.DUPLICATE: ("#f2a900", "#1a1a1a"),
    OutcomeClass.REFUSED: ("#c62828", "#ffffff"),
}
CLOSED_COLOURS = ("#455a64", "#ffffff")  # 受付時間外: neither an answer nor an invitation

# Seconds an answer stays before the idle prompt returns. A refusal stays longest: the operator
# may be looking away, and it asks them to act.
HOLD_SECONDS = {OutcomeClass.RECORDED: 10, OutcomeClass.DUPLICATE: 15, OutcomeClass.REFUSED: 30}

# Point sizes at full size, the floor they may shrink to, and the panel size they are meant for.
FULL_PT = {"headline": 36, "name": 28, "progress": 22, "detail": 15, "age": 13}
COMPACT_PT = {"headline": 18, "name": 16, "progress": 14, "detail": 12, "age": 11}
FLOOR_PT = {"headline": 16, "name": 14, "progress": 12, "detail": 11, "age": 10}
FULL_SIZE = (560, 400)


class ResultPanel(QFrame):
    def __init__(self, parent=None, *, compact: bool = False):
        super().__init__(parent)
        self.compact = compact
        self.setObjectName("resultBanner" if compact else "resultPanel")
        self.setMinimumHeight(0 if compact else 140)
        layout = QVBoxLayout(self)
        self.headline = QLabel(self)
        self.headline.setObjectName("resultHeadline")
        self.name = QLabel(self)
        self.name.setObjectName("resultName")
        self.progress_line = QLabel(self)
        self.progress_line.setObjectName("resultProgress")
        self.detail = QLabel(self)
        self.detail.setObjectName("resultDetail")
        self.age = QLabel(self)
        self.age.setObjectName("resultAge")
        for label in (self.headline, self.name, self.progress_line, self.detail, self.age):
            label.setAlignment(Qt.AlignCenter)
            label.setWordWrap(True)
        if compact:  # two lines above the form: headline, name and age, then the explanation
            layout.setContentsMargins(10, 4, 10, 4)
            layout.setSpacing(0)
            top = QHBoxLayout()
            top.addWidget(self.headline)
            top.addWidget(self.name, 1)
            top.addWidget(self.age)
            for label in (self.headline, self.name, self.age):
                label.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
            self.age.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            layout.addLayout(top)
            layout.addWidget(self.detail)
            self.detail.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
            self.progress_line.hide()
        else:
            layout.addStretch(1)  # the lines stay together in the middle, however tall the panel
            for label in (self.headline, self.name, self.progress_line, self.detail, self.age):
                layout.addWidget(label)
            layout.addStretch(1)
        self.result: CheckinResult | None = None
        self.progress: Progress | None = None
        self.outcome_class: OutcomeClass | None = None
        self.shown_at: datetime | None = None  # when the answer appeared; None: it does not age
        self.closed_text: str | None = None  # set while the activity is outside its window
        self.details_visible = True  # False while the window is locked: outcome yes, name no
        self._error_text = ""
        self._age_seconds = 0.0
        self._sizes: dict[str, int] = {}
        self._heights: dict[tuple, int] = {}  # _measure's cache
        self.show_waiting()

    # --- what is shown ---
    @property
    def answering(self) -> bool:
        """An answer (or an error) is on the panel, not the idle prompt."""
        return self.outcome_class is not None

    def set_details_visible(self, visible: bool) -> None:
        self.details_visible = visible
        if self.result is not None:
            self._paint()

    def set_closed(self, text: str | None) -> None:
        """受付時間外 with `text` (when it opens or closed) instead of the prompt; None: open."""
        if text == self.closed_text:
            return
        self.closed_text = text
        if not self.answering:
            self._paint()

    def show_waiting(self) -> None:
        self.result, self.outcome_class, self.progress, self.shown_at = None, None, None, None
        self._paint()

    def show_result(self, result: CheckinResult, at: datetime | None = None) -> None:
        self.result, self.outcome_class, self.progress = result, outcome_class(result.outcome), None
        self.shown_at, self._age_seconds = at, 0.0
        self._paint()
        self.update()  # painted even when it reads as the last one did (the same refusal twice)

    def show_progress(self, progress: Progress | None) -> None:
        """The figure for the person on screen (the page matches it to the result it belongs to)."""
        self.progress = progress
        self._paint()  # one more line: the type may have to shrink

    def show_error(self, text: str, at: datetime | None = None) -> None:
        self.result, self.outcome_class, self.progress = None, OutcomeClass.REFUSED, None
        self.shown_at, self._error_text, self._age_seconds = at, text, 0.0
        self._paint()

    def tick(self, now: datetime) -> None:
        """Called every second by the page: the age line, and the idle prompt once the answer is old."""
        if self.shown_at is None or self.outcome_class is None:
            return
        seconds = (now - self.shown_at).total_seconds()
        if seconds >= HOLD_SECONDS[self.outcome_class]:
            self.show_waiting()
            return
        self._age_seconds = seconds
        self.age.setText(age_text(seconds))

    # --- painting ---
    def _paint(self) -> None:
        self._set_texts()
        self._fit()

    def _fit(self) -> None:
        """Type as large as fits; on the smallest screens the lines that add least give way."""
        for attribute in self._LABELS.values():
            label = getattr(self, attribute)
            label.setVisible(bool(label.text()))
        sizes = self._point_sizes()
        self._restyle(sizes)
        if self.compact or not self.isVisible():
            return
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right()
        # "参加を記録しました。" only repeats the green 記録しました; the age is the least of the rest.
        droppable = ([self.detail] if self.outcome_class is OutcomeClass.RECORDED else []) + [self.age]
        for label in droppable:
            if self._needed_height(sizes, width) <= self.contentsRect().height():
                break
            label.hide()

    def _set_texts(self) -> None:
        self._paint_progress()
        self.age.setText(age_text(self._age_seconds) if self.shown_at is not None else "")
        if self.result is None and self.outcome_class is not None:  # a failure to record
            self._set(self.headline, self.tr("エラー"))
            self._set(self.name, "")
            self._set(self.detail, self._error_text)
        elif self.result is None and self.closed_text is not None:
            self._set(self.headline, self.tr("受付時間外"))
            self._set(self.name, "")
            self._set(self.detail, self.closed_text)
        elif self.result is None:
            self._set(self.headline, self.tr("登録証をかざしてください"))
            self._set(self.name, "")
            self._set(self.detail, self.tr("カメラ・スキャナー・手書き受付のどれでも受け付けます"))
        else:
            self._set(self.headline, headline(self.result.outcome))
            self._set(self.name, (self.result.display_name or "") if self.details_visible else "")
            self._set(self.detail, explanation(self.result.outcome))

    def _restyle(self, sizes: dict[str, int]) -> None:
        if self.outcome_class is None and self.closed_text is not None:
            background, foreground = CLOSED_COLOURS
        else:
            background, foreground = COLOURS[self.outcome_class]
        self._sizes = sizes
        me = self.objectName()
        sheet = (
            f"#{me} {{ background: {background}; border-radius: 8px; }}"
            f" QLabel {{ color: {foreground}; background: transparent; }}"
            f" #resultHeadline {{ font-size: {sizes['headline']}pt; font-weight: bold; }}"
            f" #resultName {{ font-size: {sizes['name']}pt; }}"
            f" #resultProgress {{ font-size: {sizes['progress']}pt; font-weight: bold; }}"
            f" #resultDetail {{ font-size: {sizes['detail']}pt; }}"
            f" #resultAge {{ font-size: {sizes['age']}pt; }}"
        )
        if sheet != self.styleSheet():  # a new sheet re-polishes every label: only when it changed
            self.setStyleSheet(sheet)

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    _LABELS = {"headline": "headline", "name": "name", "progress": "progress_line", "detail": "detail", "age": "age"}
    _BOLD = ("headline", "progress")

    def _needed_height(self, sizes: dict[str, int], width: int) -> int:
        """The height the shown lines take at these sizes, wrapped to `width`."""
        margins = self.layout().contentsMargins()
        total = margins.top() + margins.bottom() + self.layout().spacing()  # the stretches' spacing too
        for key, attribute in self._LABELS.items():
            label: QLabel = getattr(self, attribute)
            if label.isHidden() or not label.text():
                continue
            total += self._measure(label.text(), sizes[key], key in self._BOLD, width)
            total += self.layout().spacing() + 4  # 4: the label's leading beyond the metrics
        return total

    def _measure(self, text: str, point_size: int, bold: bool, width: int, *, advance: bool = False) -> int:
        """The text's height wrapped to `width` (`advance`: its width on one line instead).

        Measured once per text, size and width: a queue of scans repeats the same few lines, and
        measuring them again cost more than painting them."""
        key = (text, point_size, bold, width, advance, self.font().key())
        measured = self._heights.get(key)
        if measured is None:
            if len(self._heights) > 512:
                self._heights.clear()
            font = QFont(self.font())
            font.setPointSize(point_size)
            font.setBold(bold)
            metrics = QFontMetrics(font)
            if advance:
                measured = metrics.horizontalAdvance(text)
            else:
                measured = metrics.boundingRect(QRect(0, 0, width, 1 << 20), int(Qt.TextWordWrap), text).height()
            self._heights[key] = measured
        return measured

    def _point_sizes(self) -> dict[str, int]:
        """The largest sizes (up to FULL_PT) whose lines fit the panel; the floor when none do."""
        if self.compact:
            return dict(COMPACT_PT)
        if not self.isVisible():
            return dict(FULL_PT)
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right()
        factor = min(1.0, self.width() / FULL_SIZE[0], self.height() / FULL_SIZE[1])
        while True:
            sizes = {key: max(FLOOR_PT[key], round(pt * factor)) for key, pt in FULL_PT.items()}
            sizes["headline"] = self._one_line(self.headline.text(), sizes["headline"], width)
            if sizes == FLOOR_PT or self._needed_height(sizes, width) <= self.contentsRect().height():
                return sizes
            factor *= 0.9

    def _one_line(self, text: str, point_size: int, width: int) -> int:
        """A headline a little smaller on one line rather than 「…ください」 breaking before its last い."""
        smallest = max(FLOOR_PT["headline"], round(point_size * 0.7))
        size = point_size
        while size > smallest and self._measure(text, size, True, 1 << 20, advance=True) > width:
            size -= 1
        return size

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit()

    def _paint_progress(self) -> None:
        # A count is shown while the window is locked, unlike the name: it names nobody (no name, no
        # card id), it is shown for a moment to the person who has just presented their own card —
        # what a self-service queue needs while the operator is away — and it says no more about
        # them than "recorded" already does about their being here. The name stays hidden.
        progress = self.progress
        if (self.compact or progress is None
                or self.outcome_class not in (OutcomeClass.RECORDED, OutcomeClass.DUPLICATE)):
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
