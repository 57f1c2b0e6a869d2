"""Settings, built from settings_registry: camera, sound, language, outdoor mode, idle lock; data folder shown.

Below them the settings about the records (desktop.record_settings, kept in the station's database
so the command line and the sync read them too): how long personal details stay on this laptop,
with the guideline's reason beside it, and 西暦/和暦. Those are not written here: the page says
`record_setting_changed` and the window writes them on the station's writer thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.record_settings import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, RecordSettings
from desktop.ui.settings_registry import RESOLUTIONS, StationSettings
from furusato.record_format import WAREKI, WESTERN


class SettingsPage(QWidget):
    changed = Signal(str, object)  # key, new value
    record_setting_changed = Signal(str, object)  # "retention_days" | "date_style", new value
    back_requested = Signal()
    enroll_requested = Signal()  # "enrol later": back to the first-run screen

    def __init__(self, settings: StationSettings, data_dir: Path, parent=None, *,
                 records: RecordSettings | None = None):
        super().__init__(parent)
        self.settings = settings
        self.records = records
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        form = QFormLayout()
        layout.addLayout(form)
        self.labels: dict[str, QLabel] = {}

        self.camera_enabled = QCheckBox(self)
        self.camera_index = QSpinBox(self)
        self.camera_index.setRange(0, 9)
        self.camera_resolution = QComboBox(self)
        self.camera_resolution.addItems(list(RESOLUTIONS))
        self.sound_enabled = QCheckBox(self)
        self.sound_volume = QSlider(Qt.Horizontal, self)
        self.sound_volume.setRange(0, 100)
        self.language = QComboBox(self)
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.outdoor_mode = QCheckBox(self)
        self.idle_lock_minutes = QSpinBox(self)
        self.idle_lock_minutes.setRange(0, 240)
        self.data_dir = QLabel(str(data_dir), self)
        self.data_dir.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.retention_days = QSpinBox(self)
        self.retention_days.setRange(MIN_RETENTION_DAYS, MAX_RETENTION_DAYS)
        self.retention_days.setKeyboardTracking(False)  # one change when typing "30", not "3" then "30"
        self.retention_reason = QLabel(self)
        self.retention_reason.setObjectName("settingReason")
        self.retention_reason.setWordWrap(True)
        self.date_style = QComboBox(self)
        self.date_style.addItem("", WESTERN)
        self.date_style.addItem("", WAREKI)
        rows = [("camera_enabled", self.camera_enabled), ("camera_index", self.camera_index),
                ("camera_resolution", self.camera_resolution), ("sound_enabled", self.sound_enabled),
                ("sound_volume", self.sound_volume), ("language", self.language),
                ("outdoor_mode", self.outdoor_mode), ("idle_lock_minutes", self.idle_lock_minutes),
                ("data_dir", self.data_dir)]
        if records is not None:
            rows += [("retention_days", self.retention_days), ("retention_reason", self.retention_reason),
                     ("date_style", self.date_style)]
        else:
            for widget in (self.retention_days, self.retention_reason, self.date_style):
                widget.hide()
        for key, widget in rows:
            if key == "retention_reason":  # the reason reads across the whole width, under its setting
                form.addRow(widget)
                continue
            label = QLabel(self)
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
            widget.setMinimumHeight(36)
        self.enroll_button = QPushButton(self)  # shown only while the station is not enrolled
        self.enroll_button.setMinimumHeight(48)
        layout.addWidget(self.enroll_button)
        self.back_button = QPushButton(self)
        self.back_button.setMinimumHeight(48)
        layout.addWidget(self.back_button)
        layout.addStretch(1)
        self.load()
        self.camera_enabled.toggled.connect(lambda v: self._set("camera_enabled", v))
        self.camera_index.valueChanged.connect(lambda v: self._set("camera_index", v))
        self.camera_resolution.currentTextChanged.connect(lambda v: self._set("camera_resolution", v))
        self.sound_enabled.toggled.connect(lambda v: self._set("sound_enabled", v))
        self.sound_volume.valueChanged.connect(lambda v: self._set("sound_volume", v))
        self.language.currentIndexChanged.connect(lambda _i: self._set("language", self.language.currentData()))
        self.outdoor_mode.toggled.connect(lambda v: self._set("outdoor_mode", v))
        self.idle_lock_minutes.valueChanged.connect(lambda v: self._set("idle_lock_minutes", v))
        self.retention_days.valueChanged.connect(lambda v: self.record_setting_changed.emit("retention_days", v))
        self.date_style.currentIndexChanged.connect(
            lambda _i: self.record_setting_changed.emit("date_style", self.date_style.currentData()))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.enroll_button.clicked.connect(self.enroll_requested.emit)
        shortcut = QShortcut(QKeySequence("Escape"), self)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        self.retranslate()

    def load(self) -> None:
        s = self.settings
        self.camera_enabled.setChecked(s.get("camera_enabled"))
        self.camera_index.setValue(s.get("camera_index"))
        self.camera_resolution.setCurrentText(s.get("camera_resolution"))
        self.sound_enabled.setChecked(s.get("sound_enabled"))
        self.sound_volume.setValue(s.get("sound_volume"))
        self.language.setCurrentIndex(max(0, self.language.findData(s.get("language"))))
        self.outdoor_mode.setChecked(s.get("outdoor_mode"))
        self.idle_lock_minutes.setValue(s.get("idle_lock_minutes"))
        if self.records is not None:
            self.retention_days.setValue(self.records.retention_days)
            self.date_style.setCurrentIndex(max(0, self.date_style.findData(self.records.date_style)))

    def _set(self, key: str, value) -> None:
        self.settings.set(key, value)
        self.changed.emit(key, self.settings.get(key))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("設定"))
        texts = {
            "camera_enabled": self.tr("カメラを使う"), "camera_index": self.tr("カメラ番号"),
            "camera_resolution": self.tr("カメラ解像度"), "sound_enabled": self.tr("音を鳴らす"),
            "sound_volume": self.tr("音量"), "language": self.tr("表示言語"),
            "outdoor_mode": self.tr("屋外モード（高コントラスト・大きな文字）"),
            "idle_lock_minutes": self.tr("自動ロックまでの時間（分）"),
            "data_dir": self.tr("データフォルダ"),
            "retention_days": self.tr("個人情報の保存期間（中央への送信確認後の日数）"),
            "date_style": self.tr("日付の表示"),
        }
        self.idle_lock_minutes.setSpecialValueText(self.tr("ロックしない"))
        self.retention_days.setSuffix(self.tr(" 日"))
        self.retention_days.setSpecialValueText(self.tr("確認後すぐに削除"))
        self.retention_reason.setText(self.tr(
            "ガイドライン IV-4：参加者の個人情報は自治体の領域（中央システム）で保管されます。"
            "この端末の控えは、中央システムが受け取りを確認してからこの日数が過ぎると、次の同期で自動的に削除されます。"
            "短いほど、端末の紛失・盗難による漏えい（個人情報保護委員会への報告の対象）の危険が小さくなります。"
            "未送信・差し戻しの記録は削除されません。"))
        self.date_style.setItemText(0, self.tr("西暦（2026-04-01）"))
        self.date_style.setItemText(1, self.tr("和暦（令和8年4月1日）"))
        for key, label in self.labels.items():
            label.setText(texts[key] + ":")
        self.back_button.setText(self.tr("戻る (Esc)"))
        self.enroll_button.setText(self.tr("この端末を市区町村に登録する…"))

    def set_enrolled(self, enrolled: bool) -> None:
        self.enroll_button.setVisible(not enrolled)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
