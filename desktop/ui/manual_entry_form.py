"""Hand-typed check-in for a person without a card: errors beside each field as they type.

The form only collects text and shows the core's verdict (furusato.manual_record); saving goes
through CheckinService.check_in_manual on the worker, which validates again and records nothing
when anything is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.outcome_texts import reason_text
from desktop.ui.page_stack import columns_for
from furusato import postal
from furusato.manual_record import (
    FIELDS_REQUIRED,
    MAJORITY_AGE,
    ManualRecordInvalid,
    age_on,
    validate_manual_record,
)
from furusato.wareki import WarekiError, parse_date

TEXT_FIELDS = ("name", "name_kana", "postal_code", "address", "birth_date", "email", "phone", "accepted_at")
GENDER_CODES = ("", "female", "male", "other", "unspecified")


# Field order: reading order and Tab order, first column then second when there are two.
FIRST_COLUMN = ("name", "name_kana", "postal_code", "address", "birth_date", "guardian_consent")
SECOND_COLUMN = ("email", "phone", "gender", "accepted_at", "conditions")
TWO_COLUMNS_FROM = 720  # px of width: two columns of fields a gloved finger can still hit


class ManualEntryForm(QWidget):
    """Fields in one or two columns (by the width there is), scrolled when the screen is short; the
    save and back buttons stay in a bar under them, so 記録する is always on screen (outdoor mode
    on a 1366×768 laptop showed five fields and no save button)."""

    submitted = Signal(dict)
    cancelled = Signal()

    def __init__(self, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self._today = today
        self._touched: set[str] = set()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.cells: dict[str, QWidget] = {}
        self.columns = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.fields = QWidget(self)
        self.grid = QGridLayout(self.fields)
        self.grid.setContentsMargins(0, 0, 8, 0)
        self.grid.setHorizontalSpacing(16)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.fields)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll, 1)
        self.address_prefix = QLabel(self.fields)
        self.address_prefix.setObjectName("addressPrefix")
        self.address_prefix.setWordWrap(True)
        self.address_prefix.hide()
        self.gender = QComboBox(self.fields)
        self.conditions = QPlainTextEdit(self.fields)
        self.conditions.setTabChangesFocus(True)
        self.conditions.setMaximumHeight(90)
        self.guardian_consent = QCheckBox(self.fields)
        widgets = {"gender": self.gender, "conditions": self.conditions, "guardian_consent": self.guardian_consent}
        for field in FIRST_COLUMN + SECOND_COLUMN:  # created in Tab order
            self._add_cell(field, widgets.get(field) or QLineEdit(self.fields))
        self.cells["guardian_consent"].setVisible(False)
        bar = QHBoxLayout()
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = QPushButton(self)
        bar.addWidget(self.save_button, 2)
        bar.addWidget(self.cancel_button, 1)
        outer.addLayout(bar)
        self._arrange(1)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for field, edit in self.edits.items():
            edit.textEdited.connect(lambda _text, f=field: self._edited(f))
            edit.returnPressed.connect(self.submit)
        self.conditions.textChanged.connect(lambda: self._edited("conditions"))
        self.gender.currentIndexChanged.connect(lambda _i: self._edited("gender"))
        self.guardian_consent.toggled.connect(lambda _on: self._edited("guardian_consent"))
        self.retranslate()

    def _add_cell(self, field: str, widget: QWidget) -> None:
        """Label above, field, then the reason under it: beside the field, a long label or reason
        squeezed the field in outdoor mode."""
        cell = QWidget(self.fields)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(2)
        label = QLabel(cell)
        label.setWordWrap(True)
        label.setBuddy(widget)
        error = QLabel(cell)
        error.setObjectName("fieldError")
        error.setStyleSheet("color: #c62828; font-weight: bold;")
        error.setVisible(False)
        error.setWordWrap(True)
        widget.setParent(cell)
        widget.setMinimumHeight(36)
        widget.setMinimumWidth(160)
        column.addWidget(label)
        if field == "address":
            self.address_prefix.setParent(cell)
            column.addWidget(self.address_prefix)
        column.addWidget(widget)
        column.addWidget(error)
        self.labels[field], self.errors[field], self.cells[field] = label, error, cell
        if isinstance(widget, QLineEdit):
            self.edits[field] = widget

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells.values():
            self.grid.removeWidget(cell)
        if columns == 1:
            placed = [(field, row, 0) for row, field in enumerate(FIRST_COLUMN + SECOND_COLUMN)]
        else:
            placed = [(f, r, 0) for r, f in enumerate(FIRST_COLUMN)] + [(f, r, 1) for r, f in enumerate(SECOND_COLUMN)]
        for field, row, col in placed:
            self.grid.addWidget(self.cells[field], row, col, Qt.AlignTop)
        for col in range(2):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)
        self.grid.setRowStretch(len(FIRST_COLUMN + SECOND_COLUMN), 1)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange(columns_for(event.size().width(), self.columns, TWO_COLUMNS_FROM))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("手書き受付（登録証のない方）"))
        required = self.tr("（必須）")
        names = {
            "name": self.tr("氏名"), "name_kana": self.tr("フリガナ"), "postal_code": self.tr("郵便番号"),
            "address": self.tr("住所（番地以降）"), "birth_date": self.tr("生年月日"), "email": self.tr("メール"),
            "phone": self.tr("電話"), "gender": self.tr("性別"), "conditions": self.tr("参加条件"),
            "accepted_at": self.tr("受付時刻"), "guardian_consent": self.tr("保護者の同意"),
        }
        for field, label in self.labels.items():
            label.setText(names[field] + (required if field in FIELDS_REQUIRED else "") + ":")
        self.labels["guardian_consent"].setText(self.tr("保護者の同意（未成年の方は必須）:"))
        self.labels["accepted_at"].setText(self.tr("受付時刻（空欄なら今）:"))
        # Hints short enough for one column in outdoor mode; the address fills in by itself anyway.
        self.edits["postal_code"].setPlaceholderText(self.tr("例: 942-1432"))
        self.edits["birth_date"].setPlaceholderText(self.tr("例: 1980-04-01 / 昭和55年4月1日"))
        self.edits["accepted_at"].setPlaceholderText(self.tr("例: 2026-11-22 09:30"))
        self.edits["phone"].setPlaceholderText(self.tr("例: 025-597-0000"))
        self.guardian_consent.setText(self.tr("同意を確認しました"))
        current = self.gender.currentIndex()
        self.gender.blockSignals(True)
        self.gender.clear()
        self.gender.addItems([self.tr("（未選択）"), self.tr("女性"), self.tr("男性"), self.tr("その他"),
                              self.tr("回答しない")])
        self.gender.setCurrentIndex(max(0, current))
        self.gender.blockSignals(False)
        self.save_button.setText(self.tr("記録する（Enter）"))
        self.cancel_button.setText(self.tr("戻る（Esc）"))
        self._show_errors(self._current_errors())

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- data ---
    def data(self) -> dict:
        data: dict = {field: self.edits[field].text() for field in TEXT_FIELDS}
        data["conditions"] = self.conditions.toPlainText()
        gender = GENDER_CODES[self.gender.currentIndex()] if self.gender.currentIndex() > 0 else ""
        data["gender"] = gender
        for field in [k for k, v in data.items() if isinstance(v, str) and not v.strip()]:
            if field not in FIELDS_REQUIRED:
                del data[field]
        if self._is_minor():
            data["guardian_consent"] = self.guardian_consent.isChecked()
        return data

    def _is_minor(self) -> bool:
        try:
            born = parse_date(self.edits["birth_date"].text())
        except (WarekiError, ValueError):
            return False
        today = self._today()
        return born <= today and age_on(born, today) < MAJORITY_AGE

    def _current_errors(self) -> dict[str, str]:
        try:
            validate_manual_record(self.data(), today=self._today())
            errors: dict[str, str] = {}
        except ManualRecordInvalid as invalid:
            errors = dict(invalid.errors)
        return errors

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        if field == "postal_code":
            self._fill_prefix()
        if field == "birth_date":
            minor = self._is_minor()
            if minor:
                self._touched.add("guardian_consent")
            self.cells["guardian_consent"].setVisible(minor)
        self._show_errors(self._current_errors())

    def _fill_prefix(self) -> None:
        areas = postal.lookup(self.edits["postal_code"].text())
        self.address_prefix.setText(areas[0].address if areas else "")
        self.address_prefix.setVisible(bool(areas))  # no empty line between the label and its field

    def _show_errors(self, errors: Mapping[str, str], *, all_fields: bool = False) -> None:
        for field, label in self.errors.items():
            reason = errors.get(field)
            show = reason is not None and (all_fields or field in self._touched)
            label.setText(reason_text(reason) if show else "")
            label.setVisible(show)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """The verdict of a refused save: every bad field, touched or not."""
        self._touched.update(errors)
        self._show_errors(errors, all_fields=True)
        widgets = {**self.edits, "gender": self.gender, "conditions": self.conditions,
                   "guardian_consent": self.guardian_consent}
        first = next((f for f in errors if f in widgets and widgets[f].isVisibleTo(self)), None)
        if first is not None:
            widgets[first].setFocus()
            self.scroll.ensureWidgetVisible(self.cells[first])  # the label too, not only the field

    def visible_errors(self) -> dict[str, str]:
        return {f: label.text() for f, label in self.errors.items() if not label.isHidden() and label.text()}

    def submit(self) -> None:
        errors = self._current_errors()
        if errors:
            self.show_errors(errors)
            return
        self.submitted.emit(self.data())

    def clear(self) -> None:
        for edit in self.edits.values():
            edit.clear()
        self.conditions.clear()
        self.gender.setCurrentIndex(0)
        self.guardian_consent.setChecked(False)
        self.cells["guardian_consent"].setVisible(False)
        self.address_prefix.clear()
        self.address_prefix.hide()
        self._touched.clear()
        self._show_errors({})
        self.edits["name"].setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
