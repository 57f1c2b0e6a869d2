"""Signing in to the station (guideline IV-4): a passphrase before the station opens, and unlocking.

- `PassphraseSetupDialog` — first start, or a station whose key is not protected yet: two fields,
  cannot be skipped (closing it quits the program without opening the station).
- `UnlockForm` — one passphrase field; every attempt goes through `UnlockThrottle` (persisted in
  the data folder) and is audited. Used by `UnlockDialog` at start and by the window's lock bar.
- `obtain_data_key(root)` — the right dialog for the data folder; the data key, or None on quit.

The passphrase check (scrypt, ~1 s) runs on a plain thread so the window keeps scanning meanwhile.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.privacy import key_store
from desktop.privacy.audit_log import AuditLog
from desktop.privacy.key_store import DataKey
from desktop.privacy.operator_lock import TooManyAttempts, UnlockThrottle
from desktop.ui.settings_registry import StationSettings
from desktop.ui.styles import style_for
from desktop.ui.window_size import open_within_screen

FIELD_POINT_SIZE = 18


def _big(widget: QWidget, point_size: int = FIELD_POINT_SIZE) -> None:
    font = QFont(widget.font())
    font.setPointSize(point_size)
    widget.setFont(font)
    if not isinstance(widget, QPushButton):  # a button's height is its own (styles.py), never squeezed
        widget.setMinimumHeight(48)


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.Password)
    field.setMinimumWidth(360)
    _big(field)
    return field


def _is_wrong(exc: BaseException) -> bool:
    return isinstance(exc, key_store.WrongPassphrase)


def station_was_protected(root: Path) -> bool:
    """The station's own record says a passphrase was set (an unprotected key here was swapped in)."""
    db_file = paths.database_file(root)
    if not db_file.exists():
        return False
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.store.db import make_engine
    from desktop.store.station_meta import StationMeta

    engine = make_engine(db_file)
    try:
        return StationMeta(engine).get("privacy_state") == "protected"
    except SQLAlchemyError:
        return False  # an old database without the table: Station.open migrates and checks again
    finally:
        engine.dispose()


class _GateDialog(QDialog):
    """A dialog standing between the operator and the station: Esc does nothing, closing the window
    quits without opening (`data_key` stays None)."""

    def __init__(self, root: Path, parent=None):
        super().__init__(parent)
        self.data_key: DataKey | None = None
        self.setModal(True)
        # The window's own style (outdoor mode's large type too): the first thing a coordinator
        # at the site meets, before any window.
        self.setStyleSheet(style_for(StationSettings.for_root(Path(root)).get("outdoor_mode")))

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        open_within_screen(self)
        super().showEvent(event)

    def reject(self) -> None:
        """Esc must not skip the gate; only closing the window (quit) leaves without a key."""

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.data_key is None:
            self.done(QDialog.Rejected)
        super().closeEvent(event)


# --- setting the first passphrase --------------------------------------------------------------


class PassphraseSetupDialog(_GateDialog):
    """Set the station's passphrase. Esc does nothing; closing the window quits without opening."""

    def __init__(self, root: Path, parent=None, *, scrypt_params: dict[str, int] | None = None):
        super().__init__(root, parent)
        self.root = Path(root)
        self.scrypt_params = scrypt_params
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        _big(self.heading, 20)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.first_label = QLabel(self)
        self.first = _password_field(self)
        self.first_label.setBuddy(self.first)
        self.second_label = QLabel(self)
        self.second = _password_field(self)
        self.second_label.setBuddy(self.second)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.setWordWrap(True)
        _big(self.error, 14)
        self.ok_button = QPushButton(self)
        self.ok_button.setDefault(True)
        _big(self.ok_button)
        self.heading.setWordWrap(True)
        fields = QFormLayout()  # labels beside their fields: the dialog fits 1280×720 at 150 %
        fields.addRow(self.first_label, self.first)
        fields.addRow(self.second_label, self.second)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(fields)
        for widget in (self.error, self.ok_button):
            layout.addWidget(widget)
        self.first.returnPressed.connect(self._first_entered)
        self.second.returnPressed.connect(self.submit)
        self.ok_button.clicked.connect(self.submit)
        self.retranslate()
        self.first.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("パスフレーズの設定"))
        self.heading.setText(self.tr("この端末のパスフレーズを決めてください"))
        self.explain.setText(self.tr(
            "参加者の個人情報はこのパスフレーズで保護されます。%1文字以上で、担当者だけが知るものにしてください。"
            "忘れると記録を読めなくなります。"
        ).replace("%1", str(key_store.MIN_PASSPHRASE_CHARS)))
        self.first_label.setText(self.tr("パスフレーズ:"))
        self.second_label.setText(self.tr("もう一度入力:"))
        self.ok_button.setText(self.tr("設定する（Enter）"))

    def _first_entered(self) -> None:
        self.second.setFocus()

    def _fail(self, text: str, focus: QLineEdit) -> None:
        self.error.setText(text)
        focus.setFocus()
        focus.selectAll()

    def submit(self) -> None:
        first, second = self.first.text(), self.second.text()
        try:
            key_store.check_passphrase_policy(first)
        except key_store.WeakPassphrase:
            self._fail(self.tr("パスフレーズが短すぎます。%1文字以上にしてください。")
                       .replace("%1", str(key_store.MIN_PASSPHRASE_CHARS)), self.first)
            return
        if first != second:
            self.second.clear()
            self._fail(self.tr("2回の入力が一致しません。もう一度入力してください。"), self.second)
            return
        try:
            if not key_store.exists(self.root):
                key_store.create(self.root)
            self.data_key = key_store.set_passphrase(self.root, first, scrypt_params=self.scrypt_params)
        except key_store.WeakPassphrase:
            self._fail(self.tr("パスフレーズが短すぎます。%1文字以上にしてください。")
                       .replace("%1", str(key_store.MIN_PASSPHRASE_CHARS)), self.first)
            return
        except (key_store.KeyStoreError, OSError) as exc:
            self._fail(self.tr("設定できませんでした: %1").replace("%1", type(exc).__name__), self.first)
            return
        self.first.clear()
        self.second.clear()
        AuditLog.for_data_dir(self.root).append("station_protected", via="window", key_id=self.data_key.key_id)
        self.accept()


# --- unlocking ---------------------------------------------------------------------------------


class UnlockForm(QWidget):
    """A passphrase field whose attempts go through the throttle and into the audit log."""

    unlocked = Signal(object)  # the DataKey
    cancelled = Signal()
    _finished = Signal(object, object)  # (DataKey | None, exception | None), from the checking thread

    def __init__(self, root: Path, parent=None, *, via: str = "window", inline: bool = False):
        """`inline`: prompt, field and button on one line (the lock bar, which must stay one strip)."""
        super().__init__(parent)
        self.root = Path(root)
        self.via = via
        self.busy = False
        self.wait_until_s = 0.0
        self._wrong_prefix = ""
        self.throttle = UnlockThrottle.for_data_dir(self.root)
        self.audit = AuditLog.for_data_dir(self.root)
        layout = QVBoxLayout(self)
        self.prompt = QLabel(self)
        _big(self.prompt, 16)
        row = QHBoxLayout()
        self.field = _password_field(self)
        self.prompt.setBuddy(self.field)
        self.button = QPushButton(self)
        _big(self.button)
        row.addWidget(self.field, 3)
        row.addWidget(self.button, 1)
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setStyleSheet("color: #c62828; font-weight: bold;")
        self.message.setWordWrap(True)
        _big(self.message, 14)
        if inline:
            layout.setContentsMargins(0, 0, 0, 0)
            self.field.setMinimumWidth(220)
            row.insertWidget(0, self.prompt)
            layout.addLayout(row)
        else:
            layout.addWidget(self.prompt)
            layout.addLayout(row)
        layout.addWidget(self.message)
        self.inline = inline
        self.message.setVisible(not inline)  # inline: only while there is something to say
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._count_down)
        self.field.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self._finished.connect(self._on_finished, Qt.QueuedConnection)
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(self.tr("パスフレーズを入力してください:"))
        self.button.setText(self.tr("解除（Enter）"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text) or not self.inline)

    def reset(self) -> None:
        self.field.clear()
        if not self.countdown.isActive():
            self._say("")

    def focus(self) -> None:
        self.field.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        passphrase = self.field.text()
        if not passphrase:
            self._say(self.tr("パスフレーズを入力してください。"))
            self.field.setFocus()
            return
        self.busy = True
        self.button.setEnabled(False)
        self._say(self.tr("確認しています…"))
        # Re-read the persisted count each time: the start dialog and the lock bar share it.
        self.throttle = throttle = UnlockThrottle.for_data_dir(self.root)
        root = self.root

        def check() -> None:
            try:
                key = throttle.attempt(lambda: key_store.unlock(root, passphrase), is_wrong=_is_wrong)
            except Exception as exc:  # noqa: BLE001 — handed to the GUI thread, which decides
                self._finished.emit(None, exc)
            else:
                self._finished.emit(key, None)

        threading.Thread(target=check, name="unlock-check", daemon=True).start()

    def _on_finished(self, key: DataKey | None, error: BaseException | None) -> None:
        self.busy = False
        self.button.setEnabled(True)
        self.field.clear()
        if key is not None:
            self._say("")
            self.audit.append("unlock_ok", via=self.via)
            self.unlocked.emit(key)
            return
        if isinstance(error, TooManyAttempts):
            self.audit.append("unlock_throttled", via=self.via, retry_after_s=round(error.retry_after))
            self._start_wait(error.retry_after)
        elif isinstance(error, key_store.WrongPassphrase):
            self.audit.append("unlock_failed", via=self.via, failures=self.throttle.state.failures)
            wait = self.throttle.retry_after()
            if wait > 0:
                self._start_wait(wait, wrong=True)
            else:
                self._say(self.tr("パスフレーズが違います。"))
        else:
            self._say(self.tr("解除できませんでした: %1").replace("%1", type(error).__name__))
        self.field.setFocus()

    # --- throttled: show the remaining wait ---
    def _start_wait(self, seconds: float, *, wrong: bool = False) -> None:
        self.wait_until_s = math.ceil(seconds)
        self._wrong_prefix = self.tr("パスフレーズが違います。") if wrong else ""
        self._show_wait()
        self.countdown.start()

    def _count_down(self) -> None:
        self.wait_until_s = max(0, self.wait_until_s - 1)
        if self.wait_until_s <= 0:
            self.countdown.stop()
            self._say(self.tr("もう一度入力できます。"))
            return
        self._show_wait()

    def _show_wait(self) -> None:
        text = self.tr("入力の誤りが続いたため、あと %1 秒待ってからお試しください。").replace(
            "%1", str(int(self.wait_until_s)))
        self._say((self._wrong_prefix + " " if self._wrong_prefix else "") + text)


class UnlockDialog(_GateDialog):
    """The passphrase at start, before the station opens. Closing it quits without opening."""

    def __init__(self, root: Path, parent=None):
        super().__init__(root, parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        _big(self.heading, 20)
        self.form = UnlockForm(root, self, via="window")
        layout.addWidget(self.heading)
        layout.addWidget(self.form)
        self.form.unlocked.connect(self._unlocked)
        self.retranslate()
        self.form.focus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ふるさと住民登録 活動受付 — サインイン"))
        self.heading.setText(self.tr("担当者のパスフレーズで開きます"))

    def _unlocked(self, key: DataKey) -> None:
        self.data_key = key
        self.accept()


def obtain_data_key(root: Path, parent=None, *, scrypt_params: dict[str, int] | None = None) -> DataKey | None:
    """The data key for the window: set a passphrase first if there is none; None when the operator quits."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if key_store.exists(root) and key_store.is_protected(root):
        dialog = UnlockDialog(root, parent)
    else:
        if key_store.exists(root) and station_was_protected(root):
            QMessageBox.critical(parent, QCoreApplication.translate("SignIn", "データ鍵の異常"),
                                 QCoreApplication.translate(
                                     "SignIn",
                                     "この端末はパスフレーズで保護されていましたが、鍵ファイルが保護されていません。"
                                     "バックアップから鍵ファイルを戻してください。"))
            return None
        dialog = PassphraseSetupDialog(root, parent, scrypt_params=scrypt_params)
    dialog.exec()
    key = dialog.data_key
    dialog.deleteLater()
    return key
