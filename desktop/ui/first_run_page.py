"""The first-run screen: try the demo, or enrol this station with its central.

Shown while the station is not enrolled and nobody has chosen the demo (desktop.first_run), and
again from the settings to enrol later. Enrolment is typed (server address and one-time code) or
scanned: an enrolment QR code (furusato/enrollment_qr.py) read by a scanner gun anywhere on this
screen, by the camera, or on the check-in page (the window routes it here). The network part runs
on EnrollmentRunner's thread; this page only paints what comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import first_run
from desktop.first_run import EnrollmentAttempt, EnrollmentInputInvalid
from desktop.ui.demo_card_view import DemoCardView, big_button
from desktop.ui.enrollment_runner import EnrollmentRunner
from desktop.ui.first_run_texts import enrolled_text, reason_text
from desktop.ui.outcome_texts import scanner_status_text
from desktop.ui.qt_capture import QtCapture
from desktop.ui.wedge_filter import WedgeFilter
from furusato import enrollment_qr
from furusato.keys import KeyFileError

DEMO_COMMAND = "furusato-field demo-card --out card.png"
_ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
_OK_STYLE = "color: #1b5e20; font-weight: bold;"


class FirstRunPage(QWidget):
    demo_chosen = Signal()
    enrolled = Signal(object)  # desktop.sync.enrollment.Enrollment

    def __init__(self, station, runner: EnrollmentRunner, camera_source: Callable[[], object | None] | None = None,
                 parent=None):
        super().__init__(parent)
        self.station = station
        self.runner = runner
        self.camera_source = camera_source
        self.ca_file: str | None = None
        self.locked = False
        self.message_reason: str | None = None  # the last refusal shown (tests and screenshots read it)
        self.capture = QtCapture(self)
        self.wedge = WedgeFilter(self)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.views = QStackedWidget(self)
        outer.addWidget(self.views)
        self.views.addWidget(self._build_choices())
        self.card_view = DemoCardView(self)
        self.views.addWidget(self.card_view)

        self.demo_button.clicked.connect(self.choose_demo)
        self.card_button.clicked.connect(self.show_demo_card)
        self.enroll_button.clicked.connect(self.enroll_typed)
        self.ca_button.clicked.connect(self.ask_ca_file)
        self.camera_button.clicked.connect(self.toggle_camera)
        self.server_edit.returnPressed.connect(self.code_edit.setFocus)
        self.code_edit.returnPressed.connect(self.enroll_typed)
        self.card_view.start_requested.connect(self.choose_demo)
        self.card_view.back_requested.connect(self.show_choices)
        runner.finished.connect(self._on_finished, Qt.QueuedConnection)
        self.wedge.scanned.connect(self.enroll_scanned)
        self.capture.frame.connect(self._show_frame, Qt.QueuedConnection)
        self.capture.code.connect(self._camera_code, Qt.QueuedConnection)
        self.capture.status.connect(self._camera_status, Qt.QueuedConnection)
        self.retranslate()

    # --- layout ---
    def _build_choices(self) -> QWidget:
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        self.heading = QLabel(inner)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.intro = QLabel(inner)
        self.intro.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        layout.addLayout(row, 1)

        self.demo_box = QGroupBox(inner)
        demo = QVBoxLayout(self.demo_box)
        self.demo_text = QLabel(self.demo_box)
        self.demo_text.setWordWrap(True)
        self.demo_button = big_button(self.demo_box)
        self.demo_button.setObjectName("demoButton")
        self.card_button = big_button(self.demo_box)
        self.command_label = QLabel(self.demo_box)
        self.command_label.setWordWrap(True)
        self.command_label.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        demo.addWidget(self.demo_text)
        demo.addWidget(self.demo_button)
        demo.addWidget(self.card_button)
        demo.addWidget(self.command_label)
        demo.addStretch(1)
        row.addWidget(self.demo_box, 1)

        self.enroll_box = QGroupBox(inner)
        enrol = QVBoxLayout(self.enroll_box)
        form = QFormLayout()
        self.server_label, self.code_label = QLabel(self.enroll_box), QLabel(self.enroll_box)
        self.server_edit, self.code_edit = QLineEdit(self.enroll_box), QLineEdit(self.enroll_box)
        for label, edit in ((self.server_label, self.server_edit), (self.code_label, self.code_edit)):
            edit.setMinimumHeight(40)
            # An address and a code are ASCII: an input method left on would turn them into kana.
            edit.setAttribute(Qt.WA_InputMethodEnabled, False)
            edit.setInputMethodHints(Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText | Qt.ImhLatinOnly)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.server_edit.setObjectName("serverEdit")
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setMaxLength(40)
        self.server_edit.setMaxLength(300)
        enrol.addLayout(form)
        buttons = QHBoxLayout()
        self.enroll_button = big_button(self.enroll_box)
        self.enroll_button.setObjectName("enrollButton")
        self.ca_button = QPushButton(self.enroll_box)
        self.ca_button.setMinimumHeight(56)
        buttons.addWidget(self.enroll_button, 3)
        buttons.addWidget(self.ca_button, 1)
        enrol.addLayout(buttons)
        self.ca_label = QLabel(self.enroll_box)
        self.ca_label.setWordWrap(True)
        self.ca_label.hide()
        enrol.addWidget(self.ca_label)
        self.message = QLabel(self.enroll_box)
        self.message.setObjectName("enrollMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(48)
        enrol.addWidget(self.message)
        line = QFrame(self.enroll_box)
        line.setFrameShape(QFrame.HLine)
        enrol.addWidget(line)
        self.scan_text = QLabel(self.enroll_box)
        self.scan_text.setWordWrap(True)
        enrol.addWidget(self.scan_text)
        camera_row = QHBoxLayout()
        self.camera_button = QPushButton(self.enroll_box)
        self.camera_button.setMinimumHeight(48)
        self.preview = QLabel(self.enroll_box)
        self.preview.setObjectName("enrollPreview")
        self.preview.setFixedSize(240, 135)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("background: #111; color: #ddd;")
        self.preview.hide()
        camera_row.addWidget(self.camera_button, 1)
        camera_row.addWidget(self.preview)
        enrol.addLayout(camera_row)
        enrol.addStretch(1)
        row.addWidget(self.enroll_box, 1)

        # Scrolls rather than clipping: at 150 % scaling in outdoor mode it is taller than the screen.
        self.choices_view = QScrollArea(self)
        self.choices_view.setWidget(inner)
        self.choices_view.setWidgetResizable(True)
        self.choices_view.setFrameShape(QScrollArea.NoFrame)
        self.choices_view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        return self.choices_view

    # --- text ---
    def retranslate(self) -> None:
        self.heading.setText(self.tr("はじめに: この端末の使い方を選んでください"))
        self.intro.setText(self.tr("この端末はまだ市区町村に登録されていません。デモで試すか、市区町村から受け取った"
                                   "登録コードで登録してください。"))
        self.demo_box.setTitle(self.tr("デモで試す"))
        self.demo_text.setText(self.tr("デモの活動（新潟県十日町市）で受付を試せます。デモ用の登録証は、"
                                       "この端末を登録すると使えなくなります。"))
        self.card_button.setText(self.tr("デモ用の登録証を表示"))
        self.command_label.setText(self.tr("コマンドでも作れます:") + f"\n{DEMO_COMMAND}")
        self.enroll_box.setTitle(self.tr("市区町村に登録する"))
        self.server_label.setText(self.tr("サーバーのアドレス:"))
        self.code_label.setText(self.tr("登録コード:"))
        self.server_edit.setPlaceholderText("https://…")
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.enroll_button.setText(self.tr("登録する (Enter)"))
        self.ca_button.setText(self.tr("証明書ファイル…"))
        self.scan_text.setText(self.tr("登録用のQRコードをスキャナーで読み取るか、カメラに見せても登録できます。"))
        if self.ca_file:
            self.ca_label.setText(self.tr("証明書ファイル: %1").replace("%1", Path(self.ca_file).name))
        if self.message_reason is not None:
            self.message.setText(reason_text(self.message_reason))
        self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Outside a dialog a button takes only Space; people press Enter on the one that has focus.
        button = QApplication.focusWidget()
        if (event.key() in (Qt.Key_Return, Qt.Key_Enter) and isinstance(button, QPushButton)
                and self.isAncestorOf(button) and button.isEnabled()):
            button.click()
            return
        super().keyPressEvent(event)

    def refresh(self) -> None:
        """The demo button says whether the demo was already chosen; the camera button its state."""
        chosen = bool(self.station.meta.get(first_run.META_DEMO_CHOSEN))
        self.demo_button.setText(self.tr("デモに戻る") if chosen else self.tr("デモで始める"))
        self.camera_button.setText(self.tr("カメラを止める") if self.capture.running else self.tr("カメラで読み取る"))
        busy = self.runner.running
        for widget in (self.server_edit, self.code_edit, self.enroll_button, self.ca_button, self.camera_button):
            widget.setEnabled(not busy and not self.locked)

    # --- page life ---
    def set_active(self, active: bool) -> None:
        """On screen: a scanner gun anywhere on it enrols. Off screen: no gun, no camera."""
        self.wedge.set_active(active)
        if not active:
            self.stop_camera()

    def set_locked(self, locked: bool) -> None:
        """While the window is locked nobody can bind the station to a central (a rogue one, say)."""
        self.locked = locked
        self.refresh()

    def focus_first(self) -> None:
        self.views.setCurrentWidget(self.choices_view)
        self.demo_button.setFocus()

    def show_choices(self) -> None:
        self.views.setCurrentWidget(self.choices_view)
        self.card_button.setFocus()

    # --- the demo ---
    def choose_demo(self) -> None:
        first_run.choose_demo(self.station)
        self.refresh()
        self.demo_chosen.emit()

    def show_demo_card(self) -> None:
        """A new demo card (a new person each time) as a big QR code on the screen."""
        try:
            self.card_view.new_card()
        except (OSError, KeyFileError):  # an incomplete installation: say so, keep the screen
            self._show(self.tr("デモ用の登録証を作れません（インストールが不完全です）。"), error=True)
            return
        self.views.setCurrentWidget(self.card_view)
        self.card_view.start_button.setFocus()

    @property
    def demo_token(self) -> str | None:
        return self.card_view.token

    # --- enrolment ---
    def enroll_typed(self) -> bool:
        """The 登録する button / Enter in the code field. False when nothing was started."""
        try:
            request = first_run.typed_request(self.server_edit.text(), self.code_edit.text())
        except EnrollmentInputInvalid as invalid:
            self._refuse(invalid.reason, self.code_edit if invalid.field == "code" else self.server_edit)
            return False
        self.code_edit.setText(request.code)
        return self._start(request)

    def enroll_scanned(self, text: str) -> bool:
        """An enrolment QR code from the gun, the camera or the check-in page. False when not started."""
        if self.locked:
            self._show(self.tr("ロック中は登録できません。ロックを解除してください。"), error=True)
            return False
        try:
            request = first_run.scanned_request(text)
        except EnrollmentInputInvalid as invalid:
            self._refuse(invalid.reason, None)
            return False
        self.server_edit.setText(request.server)
        self.code_edit.setText(request.code)
        return self._start(request)

    def _start(self, request) -> bool:
        if self.locked or not self.runner.start(request, ca_file=self.ca_file):
            return False
        self.stop_camera()
        self.message_reason = None
        self._show(self.tr("登録しています… %1").replace("%1", request.server), error=False)
        self.refresh()
        return True

    def _on_finished(self, attempt: EnrollmentAttempt) -> None:
        self.refresh()
        if attempt.ok:
            enrollment = attempt.enrollment
            self.message_reason = None
            self._show(enrolled_text(enrollment.local_government_name, enrollment.local_government,
                                     enrollment.activities), error=False)
            self.enrolled.emit(enrollment)
            return
        field = self.code_edit if attempt.reason in (first_run.UNKNOWN_CODE, first_run.CODE_USED,
                                                     first_run.CODE_EXPIRED) else self.server_edit
        self._refuse(attempt.reason, field)

    def _refuse(self, reason: str, field: QLineEdit | None) -> None:
        self.message_reason = reason
        self._show(reason_text(reason), error=True)
        if field is not None and field.isEnabled():
            field.setFocus()
            field.selectAll()

    def _show(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else _OK_STYLE)

    def ask_ca_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("証明書ファイルを選ぶ"), "",
                                              self.tr("証明書 (*.pem *.crt *.cer);;すべてのファイル (*)"))
        if path:
            self.set_ca_file(path)

    def set_ca_file(self, path: str | None) -> None:
        """A municipal network's own certificate authority (PEM), used for the next enrolment."""
        self.ca_file = str(Path(path).resolve()) if path else None
        self.ca_label.setVisible(self.ca_file is not None)
        self.retranslate()

    # --- camera ---
    def toggle_camera(self) -> None:
        if self.capture.running:
            self.stop_camera()
        else:
            self.start_camera()

    def start_camera(self) -> bool:
        source = self.camera_source() if self.camera_source is not None else None
        if source is None or self.locked:
            self._show(self.tr("カメラが使えません。スキャナーで読み取るか、アドレスとコードを入力してください。"),
                       error=True)
            return False
        self.capture.start(source)
        self.preview.show()
        self.preview.setText(self.tr("カメラ準備中…"))
        self.refresh()
        return True

    def stop_camera(self) -> None:
        if self.capture.running:
            self.capture.stop()
        self.preview.clear()
        self.preview.hide()
        self.refresh()

    def _show_frame(self, image: QImage) -> None:
        if self.capture.running:
            self.preview.setPixmap(QPixmap.fromImage(image).scaled(self.preview.size(), Qt.KeepAspectRatio))

    def _camera_code(self, text: str) -> None:
        if enrollment_qr.looks_like(text):
            self.enroll_scanned(text)
        else:
            self._refuse(first_run.NOT_ENROLLMENT_QR, None)

    def _camera_status(self, status: str, message_code: str) -> None:
        if status not in ("live", "stopped") and self.capture.running:
            self.preview.setText(scanner_status_text(message_code))  # no camera, unplugged: say so
