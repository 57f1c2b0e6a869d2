"""「新しい活動」: an activity made at the site, offline (a 自治会's meeting, a 消防団's drill).

The dialog only collects the fields and shows the core's verdict; the activity is created by
desktop/station_activities.py on the station's worker, and the main window opens it for check-in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.activity_labels import kind_label, venue_label
from desktop.ui.window_size import open_within_screen
from furusato import lgcodes
from furusato.activity import JST, ActivityKind
from furusato.activity_proposal import MAX_TEXT, MAX_TITLE, ProposalInvalid

FIELDS = ("title", "kind", "content", "place", "venue", "start", "end")


def _to_qt(moment: datetime) -> QDateTime:
    """Japan's wall clock, whatever the laptop's time zone: the picker, the check-in page and the
    exports all show Japan time, so the times typed here are Japan time too."""
    m = moment.astimezone(JST)
    return QDateTime(QDate(m.year, m.month, m.day), QTime(m.hour, m.minute))


def _from_qt(value: QDateTime) -> str:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=JST).isoformat()


class NewActivityDialog(QDialog):
    submitted = Signal(dict)  # the fields, for desktop.station_activities.create_activity

    def __init__(self, default_venue: str, now: datetime, parent=None):
        super().__init__(parent)
        self.setObjectName("newActivityDialog")
        self.setModal(True)
        self.default_venue = default_venue
        layout = QVBoxLayout(self)
        # The fields scroll, the buttons stay: seven fields are taller than 1366×768 at 150 %.
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        layout.addWidget(scroll, 1)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        body_layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.edits: dict[str, object] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.kind_box = QComboBox(self)
        for kind in ActivityKind:
            self.kind_box.addItem("", str(kind))
        self.kind_box.setCurrentIndex(self.kind_box.findData(str(ActivityKind.PUBLIC_INTEREST_BODY)))
        self.content_edit = QLineEdit(self)
        self.content_edit.setMaxLength(MAX_TEXT)
        self.place_edit = QLineEdit(self)
        self.place_edit.setMaxLength(MAX_TEXT)
        self.venue_edit = QLineEdit(default_venue, self)
        self.venue_edit.setMaxLength(6)
        self.venue_name = QLabel(self)
        start = now.replace(minute=0, second=0, microsecond=0)
        self.start_edit = QDateTimeEdit(_to_qt(start), self)
        self.end_edit = QDateTimeEdit(_to_qt(start + timedelta(hours=2)), self)
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        widgets = {"title": self.title_edit, "kind": self.kind_box, "content": self.content_edit,
                   "place": self.place_edit, "venue": self.venue_edit, "start": self.start_edit, "end": self.end_edit}
        for name in FIELDS:
            widget = widgets[name]
            widget.setMinimumHeight(40)
            self.edits[name] = widget
            self.labels[name] = QLabel(self)
            error = QLabel(self)
            error.setObjectName("fieldError")
            error.setStyleSheet("color: #c62828; font-weight: bold;")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            if name == "venue":
                column.addWidget(self.venue_name)
            column.addWidget(error)
            self.form.addRow(self.labels[name], column)
        body_layout.addLayout(self.form)
        body_layout.addStretch(1)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(self)
        self.create_button.setDefault(True)
        self.close_button = QPushButton(self)
        for button in (self.create_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.create_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.reject)
        self.venue_edit.textChanged.connect(self._show_venue)
        self.retranslate()
        self._show_venue(default_venue)

    def showEvent(self, event) -> None:  # noqa: N802
        open_within_screen(self)
        super().showEvent(event)
        if not event.spontaneous():
            self.edits["title"].setFocus(Qt.OtherFocusReason)  # typing starts with the activity's name

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("新しい活動"))
        self.intro.setText(self.tr(
            "この場で活動を作り、すぐに受付できます。活動は自治体に「提案」として送られ、"
            "指定されると参加記録が数えられます。"))
        names = {"title": self.tr("活動名"), "kind": self.tr("種類"), "content": self.tr("内容"),
                 "place": self.tr("場所"), "venue": self.tr("開催地（団体コード）"), "start": self.tr("開始"),
                 "end": self.tr("終了")}
        for name, text in names.items():
            self.labels[name].setText(text)
        for index in range(self.kind_box.count()):
            self.kind_box.setItemText(index, kind_label(ActivityKind(self.kind_box.itemData(index))))
        self.create_button.setText(self.tr("作成して受付を開始"))
        self.close_button.setText(self.tr("やめる (Esc)"))
        self._show_venue(self.venue_edit.text())

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_venue(self, text: str) -> None:
        code = text.strip()
        known = lgcodes.is_valid_code(code) and lgcodes.lookup(code) is not None
        self.venue_name.setText(venue_label(code) if known else self.tr("（6桁の団体コード）"))

    def values(self) -> dict:
        return {
            "title": self.title_edit.text(), "kind": self.kind_box.currentData(),
            "content": self.content_edit.text(), "place": self.place_edit.text(),
            "venue": self.venue_edit.text().strip() or self.default_venue,
            "start": _from_qt(self.start_edit.dateTime()), "end": _from_qt(self.end_edit.dateTime()),
        }

    def submit(self) -> None:
        self.clear_errors()
        self.create_button.setEnabled(False)  # until the worker answers: one activity per press
        self.submitted.emit(self.values())

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.hide()
            error.setText("")

    def show_invalid(self, invalid: ProposalInvalid) -> None:
        self.create_button.setEnabled(True)
        name = invalid.field if invalid.field in self.errors else "title"
        self.errors[name].setText(self.error_text(invalid))
        self.errors[name].show()
        widget = self.edits[name]
        widget.setFocus(Qt.OtherFocusReason)

    def error_text(self, invalid: ProposalInvalid) -> str:
        texts = {
            "empty": self.tr("入力してください"),
            "too_long": self.tr("長すぎます"),
            "not_text": self.tr("使えない文字が含まれています"),
            "unknown_code": self.tr("団体コードが正しくありません（6桁）"),
            "unknown_kind": self.tr("種類を選んでください"),
            "bad_time": self.tr("日時が正しくありません"),
            "end_before_start": self.tr("終了は開始より後にしてください"),
            "before_system": self.tr("2026年4月1日より前の活動は記録の対象外です"),
            "too_long_period": self.tr("活動の期間は1年以内にしてください"),
            "write_failed": self.tr("保存できませんでした。もう一度お試しください。"),
        }
        return texts.get(invalid.reason, self.tr("入力内容を確認してください"))
