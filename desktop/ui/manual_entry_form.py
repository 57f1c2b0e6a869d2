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
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.outcome_texts import reason_text
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


class ManualEntryForm(QWidget):
    submitted = Signal(dict)
    cancelled = Signal()

    def __init__(self, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self._today = today
        self._touched: set[str] = set()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        for field in ("name", "name_kana", "postal_code", "address", "birth_date", "email", "phone"):
            self._add_row(form, field, QLineEdit(self))
        self.address_prefix = QLabel(self)
        self.address_prefix.setObjectName("addressPrefix")
        form.insertRow(3, "", self.address_prefix)
        self.gender = QComboBox(self)
        self._add_row(form, "gender", self.gender)
        self.conditions = QPlainTextEdit(self)
        self.conditions.setTabChangesFocus(True)
        self.conditions.setMaximumHeight(70)
        self._add_row(form, "conditions", self.conditions)
        self._add_row(form, "accepted_at", QLineEdit(self))
        self.guardian_consent = QCheckBox(self)
        self.guardian_consent.setVisible(False)
        self._add_row(form, "guardian_consent", self.guardian_consent)
        self.labels["guardian_consent"].setVisible(False)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setMinimumHeight(48)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setMinimumHeight(48)
        buttons.addWidget(self.save_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for field, edit in self.edits.items():
            edit.textEdited.connect(lambda _text, f=field: self._edited(f))
            edit.returnPressed.connect(self.submit)
        self.conditions.textChanged.connect(lambda: self._edited("conditions"))
        self.gender.currentIndexChanged.connect(lambda _i: self._edited("gender"))
        self.guardian_consent.toggled.connect(lambda _on: self._edited("guardian_consent"))
        self.retranslate()

    def _add_row(self, form: QFormLayout, field: str, widget: QWidget) -> None:
        label = QLabel(self)
        error = QLabel(self)
        error.setObjectName("fieldError")
        error.setStyleSheet("color: #c62828; font-weight: bold;")
        error.setVisible(False)
        error.setWordWrap(True)
        holder = QWidget(self)
        # The reason goes under its field: beside it, a long reason squeezed the field in outdoor mode.
        row = QVBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(widget)
        row.addWidget(error)
        widget.setMinimumHeight(36)
        widget.setMinimumWidth(160)
        label.setBuddy(widget)
        form.addRow(label, holder)
        self.labels[field], self.errors[field] = label, error
        if isinstance(widget, QLineEdit):
            self.edits[field] = widget

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
        self.edits["postal_code"].setPlaceholderText(self.tr("例: 942-1432（住所が自動で入ります）"))
        self.edits["birth_date"].setPlaceholderText(self.tr("例: 1980-04-01 / 昭和55年4月1日 / S55.4.1"))
        self.edits["accepted_at"].setPlaceholderText(self.tr("空欄なら今の時刻（例: 2026-11-22 09:30）"))
        self.edits["phone"].setPlaceholderText(self.tr("例: 025-597-0000"))
        self.guardian_consent.setText(self.tr("未成年のため、保護者の同意を確認しました"))
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
            self.guardian_consent.setVisible(minor)
            self.labels["guardian_consent"].setVisible(minor)
        self._show_errors(self._current_errors())

    def _fill_prefix(self) -> None:
        areas = postal.lookup(self.edits["postal_code"].text())
        self.address_prefix.setText(areas[0].address if areas else "")

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
        first = next((f for f in errors if f in self.edits), None)
        if first:
            self.edits[first].setFocus()

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
        self.guardian_consent.setVisible(False)
        self.labels["guardian_consent"].setVisible(False)
        self.address_prefix.clear()
        self._touched.clear()
        self._show_errors({})
        self.edits["name"].setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
