"""Station identity, records waiting to be sent, and the network state the sync worker feeds."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar
from sqlalchemy import func, select

from desktop.station import Station
from desktop.store.tables import outbox
from desktop.ui.activity_labels import local_government_name, venue_label
from desktop.ui.sync_texts import blocked_text, clock_warning_text, last_success_text, sync_error_text

NETWORK_STATES = ("unknown", "starting", "online", "offline", "syncing", "not_enrolled", "error", "blocked")


def pending_count(station: Station) -> int:
    with station.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.state == "pending")).scalar_one()


class ElidedLabel(QLabel):
    """One line that shortens with an ellipsis instead of widening the window (all of it in the tooltip).

    For the station's identity only: on a narrow window the counters and the network state keep
    their full words, and the device id and place give way."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setMinimumWidth(40)
        self.setProperty("meantToElide", True)

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignLeft | Qt.AlignVCenter), text)


class StationStatusBar(QStatusBar):
    # Emit from any thread (desktop.sync.worker's on_status callback) with a SyncStatus;
    # it is queued into the GUI thread.
    sync_status = Signal(object)
    # The clock-skew warning for a banner ("" when the clock is fine).
    clock_warning = Signal(str)
    # The whole "blocked" message for a banner ("" when the central takes records again).
    blocked_warning = Signal(str)

    def __init__(self, station: Station, parent=None):
        super().__init__(parent)
        self.sync_status.connect(self.apply_sync_status, Qt.QueuedConnection)
        self.station = station
        self.identity = ElidedLabel(self)
        self.pending = QLabel(self)
        self.network = QLabel(self)
        self.last_success = QLabel(self)
        # The sentence about the last sync problem, which the window shows on its own line just
        # above this bar: squeezed into the bar beside the identity and the counters, the English
        # one lost its end ("…sent once conn…"). A full-width line wraps instead.
        self.error = QLabel(parent)
        self.error.setObjectName("syncError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.addWidget(self.identity, 1)
        for label in (self.last_success, self.pending, self.network):
            self.addPermanentWidget(label)
        self.network_state = "unknown"
        self.pending_records: int | None = None  # None until counted (MainWindow asks the worker)
        self.last_success_at: str | None = None
        self.last_error: str | None = None
        self.blocked: tuple[int | None, str] | None = None  # (record seq, central's reason) while blocked
        self.clock_off = False
        self.clock_skew_seconds: float | None = None
        self.retranslate()

    def refresh(self) -> None:
        """Counts the records waiting now, on the calling thread (O(records waiting))."""
        self.set_pending(pending_count(self.station))

    def set_pending(self, count: int) -> None:
        self.pending_records = count
        self._show_pending()

    def note_new_record(self) -> None:
        """One more record waits (a check-in, checkout, cancellation or correction was written).

        At every scan: the one label, not the whole bar (whose identity line reads the database)."""
        if self.pending_records is not None:  # else the count asked for at start will include it
            self.set_pending(self.pending_records + 1)

    def _show_pending(self) -> None:
        self.pending.setText(self.tr("未送信: 確認中") if self.pending_records is None
                             else self.tr("未送信: %n 件", "", self.pending_records))

    def set_network_state(self, state: str) -> None:
        """One of NETWORK_STATES (the window sets "not_enrolled" when there is no server to sync with)."""
        self.network_state = state
        self.retranslate()

    def apply_sync_status(self, status) -> None:
        """Duck-typed desktop.sync.worker.SyncStatus (state, pending, syncing, last_success, ...)."""
        self.network_state = "syncing" if getattr(status, "syncing", False) else status.state
        self.pending_records = status.pending
        self.last_success_at = getattr(status, "last_success", None)
        self.last_error = getattr(status, "last_error", None)
        reason = getattr(status, "blocked_reason", None)
        clock_off = bool(getattr(status, "clock_off", False))
        skew = getattr(status, "clock_skew_seconds", None)
        changed = clock_off != self.clock_off or (clock_off and skew != self.clock_skew_seconds)
        self.clock_off, self.clock_skew_seconds = clock_off, skew
        blocked_before = self.blocked_text()
        self.blocked = (getattr(status, "blocked_seq", None), reason) if reason else None
        self.retranslate()
        if changed:
            self.clock_warning.emit(self.clock_text())
        if self.blocked_text() != blocked_before:
            self.blocked_warning.emit(self.blocked_text())

    def clock_text(self) -> str:
        return clock_warning_text(self.clock_skew_seconds) if self.clock_off else ""

    def blocked_text(self) -> str:
        return blocked_text(*self.blocked) if self.blocked is not None else ""

    def retranslate(self) -> None:
        code = self.station.local_government
        self.identity.setText(self.tr("端末ID: %1  団体: %2").replace("%1", self.station.signer.device_id[:8])
                              .replace("%2", local_government_name(code)))
        self.identity.setToolTip(self.identity.text() + (f"  {venue_label(code)} ({code})" if code else ""))
        self._show_pending()
        states = {
            "unknown": self.tr("通信: 未確認"), "starting": self.tr("通信: 準備中"),
            "not_enrolled": self.tr("通信: 未登録の端末"), "online": self.tr("通信: 接続中"),
            "offline": self.tr("通信: オフライン"), "syncing": self.tr("通信: 同期中"),
            "error": self.tr("通信: エラー"), "blocked": self.tr("通信: 送信停止中"),
        }
        self.network.setText(states.get(self.network_state, self.network_state))
        colour = {"online": "#1b5e20", "offline": "#b71c1c", "error": "#b71c1c",
                  "blocked": "#b71c1c"}.get(self.network_state)
        self.network.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        enrolled = self.network_state not in ("unknown", "not_enrolled")
        self.last_success.setVisible(enrolled)
        self.last_success.setText(last_success_text(self.last_success_at))
        # "not_enrolled" is already the network state: no need to say it twice.
        error = "" if self.last_error in (None, "not_enrolled") else sync_error_text(self.last_error)
        if self.blocked is not None:  # outlasts any passing network error: it needs a person to act
            error = self.blocked_text()
        self.error.setText(error)
        self.error.setToolTip(error)
        self.error.setVisible(bool(error))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
            if self.clock_off:
                self.clock_warning.emit(self.clock_text())
            if self.blocked is not None:
                self.blocked_warning.emit(self.blocked_text())
        super().changeEvent(event)
