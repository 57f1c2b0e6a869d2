"""Station identity, records waiting to be sent, and the network state the sync worker will feed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QStatusBar
from sqlalchemy import func, select

from desktop.station import Station
from desktop.store.tables import outbox

NETWORK_STATES = ("unknown", "starting", "online", "offline", "syncing", "not_enrolled", "error")


def pending_count(station: Station) -> int:
    with station.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.state == "pending")).scalar_one()


class StationStatusBar(QStatusBar):
    # Emit from any thread (e.g. desktop.sync.worker's on_status callback) with a SyncStatus;
    # it is queued into the GUI thread. Not wired to the sync worker yet.
    sync_status = Signal(object)

    def __init__(self, station: Station, parent=None):
        super().__init__(parent)
        self.sync_status.connect(self.apply_sync_status, Qt.QueuedConnection)
        self.station = station
        self.identity = QLabel(self)
        self.pending = QLabel(self)
        self.network = QLabel(self)
        self.addWidget(self.identity, 1)
        self.addPermanentWidget(self.pending)
        self.addPermanentWidget(self.network)
        self.network_state = "unknown"
        self.pending_records = 0
        self.refresh()

    def refresh(self) -> None:
        self.pending_records = pending_count(self.station)
        self.retranslate()

    def set_network_state(self, state: str) -> None:
        """For the sync worker (through a queued signal): one of NETWORK_STATES."""
        self.network_state = state
        self.retranslate()

    def apply_sync_status(self, status) -> None:
        """Duck-typed desktop.sync.worker.SyncStatus: state, pending, syncing."""
        self.network_state = "syncing" if getattr(status, "syncing", False) else status.state
        self.pending_records = status.pending
        self.retranslate()

    def retranslate(self) -> None:
        lg = self.station.local_government or "-"
        self.identity.setText(self.tr("端末ID: %1  団体: %2").replace("%1", self.station.signer.device_id[:8])
                              .replace("%2", lg))
        self.pending.setText(self.tr("未送信: %n 件", "", self.pending_records))
        states = {
            "unknown": self.tr("通信: 未確認"), "starting": self.tr("通信: 準備中"),
            "not_enrolled": self.tr("通信: 未登録の端末"), "online": self.tr("通信: 接続中"),
            "offline": self.tr("通信: オフライン"), "syncing": self.tr("通信: 同期中"),
            "error": self.tr("通信: エラー"),
        }
        self.network.setText(states.get(self.network_state, self.network_state))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
