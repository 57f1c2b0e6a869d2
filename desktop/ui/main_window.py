"""The station's main window. For now: the activity list on the station's data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

from desktop import __version__
from desktop.station import Station
from desktop.ui.activity_table import ActivityTableModel
from furusato.activity import JST


class MainWindow(QMainWindow):
    def __init__(self, station: Station, clock: Callable[[], datetime] = lambda: datetime.now(JST)):
        super().__init__()
        self._station = station
        self._clock = clock
        self.setWindowTitle(self.tr("ふるさと住民登録 活動受付") + f" {__version__}")
        self.resize(1100, 700)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.heading = QLabel(self.tr("活動を選んでください"), central)
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        self.activity_model = ActivityTableModel(self)
        self.activity_table = QTableView(central)
        self.activity_table.setModel(self.activity_model)
        self.activity_table.setSelectionBehavior(QTableView.SelectRows)
        self.activity_table.setSelectionMode(QTableView.SingleSelection)
        self.activity_table.verticalHeader().setVisible(False)
        self.activity_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        layout.addWidget(self.activity_table)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("端末ID: %1").replace("%1", station.signer.device_id[:8]))
        self.refresh()

    def refresh(self) -> None:
        self.activity_model.set_activities(
            self._station.activities.all(), self._station.activities.checked_in_counts(), self._clock()
        )
        self.activity_table.resizeColumnsToContents()
        self.activity_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
