"""「USBに書き出す」 and 「受領書を読み込む」: the stick both ways, for stations without a network for weeks.

Lists the removable drives (desktop.removable_drives) and any folder the operator picks; writes the
bundle there (desktop.sync.stick: atomic, read back and verified before it says done) — both on a
background thread, as a read, so check-ins never wait behind a large export — and imports a receipt
from there (desktop.sync.receipt) on the station's worker, the one writer. Not modal: the camera keeps
scanning behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.removable_drives import Drive, list_drives
from desktop.sync import stick
from desktop.sync.bundle import BundleError, BundleTooLarge, BundleWritten
from desktop.sync.receipt import ReceiptApplied, ReceiptRefused, import_receipt
from desktop.ui.background_jobs import BackgroundJobs
from desktop.ui.sync_texts import receipt_refusal_text

DRIVES_TAG, EXPORT_TAG, RECEIPT_TAG = "stick_drives", "stick_export", "stick_receipt"


def _export(station, folder: Path):
    """On the station's worker: the outcome as a value, so the dialog can word each case."""
    try:
        return stick.export_to_folder(station, folder, via="window")
    except BundleTooLarge:
        return ("too_large", "")
    except BundleError as exc:
        return ("not_verified", str(exc))
    except OSError as exc:
        return ("not_written", exc.strerror or type(exc).__name__)


def _import(station, path: Path):
    try:
        return import_receipt(station, path, via="window")
    except ReceiptRefused as exc:
        return exc


class StickDialog(QDialog):
    receipt_applied = Signal(object)  # ReceiptApplied: the window refreshes what it shows
    exported = Signal(object)         # BundleWritten

    def __init__(self, worker, parent=None, *, drive_lister: Callable[[], list[Drive]] = list_drives):
        super().__init__(parent)
        self.setObjectName("stickDialog")
        self.worker = worker
        self._lister = drive_lister
        self.jobs = BackgroundJobs(self)
        self.jobs.done.connect(self._on_done, Qt.QueuedConnection)
        self.jobs.failed.connect(self._on_failed, Qt.QueuedConnection)
        self.busy = False
        self.result_text = ""
        self.resize(760, 520)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.drives = QListWidget(self)
        self.drives.setMinimumHeight(64)  # one drive at 48 px at least: the rest scrolls on a small screen
        self.drives.setStyleSheet("QListWidget::item { min-height: 48px; }")
        self.rescan_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.receipt_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.message = QLabel(self)
        self.message.setObjectName("stickMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        for button in (self.rescan_button, self.folder_button, self.export_button, self.receipt_button,
                       self.close_button):
            button.setAutoDefault(False)  # height from the style's padding: a minimum would squeeze text
        self.export_button.setDefault(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.drives, 1)
        row = QHBoxLayout()
        row.addWidget(self.rescan_button)
        row.addWidget(self.folder_button)
        layout.addLayout(row)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button, 2)
        actions.addWidget(self.receipt_button, 2)
        actions.addWidget(self.close_button, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self.rescan_button.clicked.connect(self.rescan)
        self.folder_button.clicked.connect(self.choose_folder)
        self.export_button.clicked.connect(self.export_selected)
        self.receipt_button.clicked.connect(self.choose_receipt)
        self.close_button.clicked.connect(self.reject)
        self.drives.itemActivated.connect(lambda _item: self.export_selected())  # Enter or a double click
        self.drives.currentItemChanged.connect(lambda *_: self._enable())
        worker.done.connect(self._on_done, Qt.QueuedConnection)
        worker.failed.connect(self._on_failed, Qt.QueuedConnection)
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.activated.connect(self.reject)
        self.retranslate()
        self._enable()

    # --- text ---
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("USB（書き出し・受領書）"))
        self.heading.setText(self.tr("USBで中央とやりとりする"))
        self.explain.setText(self.tr(
            "USBメモリを選んで書き出します（氏名・連絡先などの個人情報を含みます）。"
            "中央が取り込んだ後の受領書を読み込むと、記録は送信済みになります。"))
        self.rescan_button.setText(self.tr("USBを探し直す"))
        self.folder_button.setText(self.tr("フォルダを選ぶ…"))
        self.export_button.setText(self.tr("USBに書き出す"))
        self.receipt_button.setText(self.tr("受領書を読み込む…"))
        self.close_button.setText(self.tr("閉じる (Esc)"))
        if not self.busy and not self.result_text and self.drives.count() == 0:
            self.message.setText(self.tr("USBメモリが見つかりません。差し込んで「USBを探し直す」を押すか、"
                                         "「フォルダを選ぶ…」から書き出す先を選んでください。"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- destinations ---
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.rescan()

    def rescan(self) -> None:
        self.jobs.run(DRIVES_TAG, lambda _progress: self._lister())

    def _show_drives(self, drives: list[Drive]) -> None:
        chosen = self.selected_folder()
        picked = [self.drives.item(i).data(Qt.UserRole) for i in range(self.drives.count())
                  if self.drives.item(i).data(Qt.UserRole + 1) == "picked"]
        self.drives.clear()
        for drive in drives:
            self._add(drive.path, f"{drive.label}  —  {drive.path}", "drive")
        for path in picked:
            if path not in [d.path for d in drives]:
                self._add(path, str(path), "picked")
        self._select(chosen)
        self.retranslate()
        self._enable()

    def _add(self, path: Path, text: str, kind: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.drives)
        item.setData(Qt.UserRole, Path(path))
        item.setData(Qt.UserRole + 1, kind)
        return item

    def _select(self, path: Path | None) -> None:
        for i in range(self.drives.count()):
            if path is None or self.drives.item(i).data(Qt.UserRole) == path:
                self.drives.setCurrentRow(i)
                return

    def add_folder(self, path: Path) -> None:
        """A folder the operator picked (a stick mounted somewhere unusual, a network share)."""
        path = Path(path)
        if not any(self.drives.item(i).data(Qt.UserRole) == path for i in range(self.drives.count())):
            self._add(path, str(path), "picked")
        self._select(path)
        self._enable()

    def choose_folder(self) -> None:
        start = self.selected_folder()
        folder = QFileDialog.getExistingDirectory(self, self.tr("書き出す先のフォルダ"), str(start or Path.home()))
        if folder:
            self.add_folder(Path(folder))

    def selected_folder(self) -> Path | None:
        item = self.drives.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def _enable(self) -> None:
        self.export_button.setEnabled(not self.busy and self.selected_folder() is not None)
        self.receipt_button.setEnabled(not self.busy)
        for button in (self.rescan_button, self.folder_button):
            button.setEnabled(not self.busy)

    def _say(self, text: str) -> None:
        self.result_text = text
        self.message.setText(text)

    # --- export ---
    def export_selected(self) -> None:
        folder = self.selected_folder()
        if folder is None or self.busy:
            return
        self.busy = True
        self._enable()
        self._say(self.tr("書き出しています…（読み戻して確認するまでUSBを抜かないでください）"))
        station = self.worker.station
        self.jobs.run(EXPORT_TAG, lambda _progress: _export(station, folder))

    def _exported(self, value) -> None:
        if isinstance(value, BundleWritten):
            self._say(self.tr("書き出して確認しました: %1（%2 件）。中央で取り込んだら、受け取った受領書を"
                              "「受領書を読み込む…」で読み込んでください。")
                      .replace("%1", value.path.name).replace("%2", str(value.records)))
            self.exported.emit(value)
            return
        kind, detail = value
        texts = {
            "too_large": self.tr("記録が多すぎて1つのファイルに書き出せません。担当者に連絡してください。"),
            "not_verified": self.tr("書き出したファイルを読み戻して確認できませんでした（USBの不具合の可能性）。"
                                    "ファイルは消しました。別のUSBで書き出してください。"),
            "not_written": self.tr("書き出せませんでした（%1）。空き容量と書き込み禁止を確認してください。")
            .replace("%1", detail),
        }
        self._say(texts[kind])

    # --- receipt ---
    def choose_receipt(self) -> None:
        start = self.selected_folder()
        path, _ = QFileDialog.getOpenFileName(self, self.tr("受領書を選ぶ"), str(start or Path.home()),
                                              self.tr("受領書 (*.frr *.jws *.txt);;すべてのファイル (*)"))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        if self.busy:
            return
        self.busy = True
        self._enable()
        self._say(self.tr("受領書を確認しています…"))
        station = self.worker.station
        self.worker.run(lambda: _import(station, Path(path)), RECEIPT_TAG)

    def _imported(self, value: ReceiptApplied | ReceiptRefused) -> None:
        if isinstance(value, ReceiptRefused):
            self._say(receipt_refusal_text(value.code))
            return
        text = self.tr("受領書を読み込みました: %1 件を送信済みにしました。未送信は残り %2 件です。")
        text = text.replace("%1", str(value.settled)).replace("%2", str(value.pending))
        if value.rejected:
            text += " " + self.tr("中央が受け付けなかった記録が %1 件あります。").replace("%1", str(value.rejected))
        self._say(text)
        self.receipt_applied.emit(value)

    # --- the background thread and the worker ---
    def _on_done(self, tag: str, value) -> None:
        if tag == DRIVES_TAG:
            self._show_drives(value)
            return
        if tag not in (EXPORT_TAG, RECEIPT_TAG):
            return
        self.busy = False
        (self._exported if tag == EXPORT_TAG else self._imported)(value)
        self._enable()

    def _on_failed(self, tag: str, _error: str) -> None:
        if tag == DRIVES_TAG:  # listing is a convenience: 「フォルダを選ぶ…」 still works
            self._show_drives([])
            return
        if tag not in (EXPORT_TAG, RECEIPT_TAG):
            return
        self.busy = False
        self._say(self.tr("予期しないエラーで完了できませんでした。記録はこの端末に残っています。"))
        self._enable()
