"""First page: the activities, open ones first, with a search box; Enter or double-click opens one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.activity_table import ActivityTableModel
from furusato.activity import Activity


class _TitlePlaceFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self.needle = text.strip().casefold()
            self.endFilterChange()
        else:
            self.needle = text.strip().casefold()
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802
        if not self.needle:
            return True
        activity = self.sourceModel().activity_at(row)
        haystack = " ".join((activity.title, activity.place, activity.content)).casefold()
        return all(part in haystack for part in self.needle.split())


class ActivityPickerPage(QWidget):
    activity_chosen = Signal(object)  # Activity
    settings_requested = Signal()
    new_activity_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(40)
        layout.addWidget(self.search)
        self.model = ActivityTableModel(self)
        self.proxy = _TitlePlaceFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setTabKeyNavigation(False)
        layout.addWidget(self.table, 1)
        self.open_button = QPushButton(self)
        self.open_button.setMinimumHeight(48)
        self.settings_button = QPushButton(self)
        self.settings_button.setMinimumHeight(48)
        self.new_button = QPushButton(self)
        self.new_button.setMinimumHeight(48)
        row = QHBoxLayout()
        row.addWidget(self.open_button, 3)
        row.addWidget(self.new_button, 2)
        row.addWidget(self.settings_button, 1)
        layout.addLayout(row)
        self.settings_button.clicked.connect(self.settings_requested.emit)
        self.new_button.clicked.connect(self.new_activity_requested.emit)
        new_key = QShortcut(QKeySequence("F8"), self)
        new_key.setContext(Qt.WidgetWithChildrenShortcut)
        new_key.activated.connect(self.new_activity_requested.emit)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.open_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("活動を選んでください"))
        self.search.setPlaceholderText(self.tr("活動名・場所で検索（Enterで開く）"))
        self.open_button.setText(self.tr("受付を開始（Enter）"))
        self.settings_button.setText(self.tr("設定 (F9)"))
        self.new_button.setText(self.tr("新しい活動 (F8)"))
        self.model.headerDataChanged.emit(Qt.Horizontal, 0, self.model.columnCount() - 1)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_activities(self, activities, counts, now) -> None:
        self.model.set_activities(activities, counts, now)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self._select_first()

    def _filter(self, text: str) -> None:
        self.proxy.set_needle(text)
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected_activity(self) -> Activity | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        elif self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        else:
            return None
        return self.model.activity_at(self.proxy.mapToSource(index).row())

    def open_selected(self) -> None:
        activity = self.selected_activity()
        if activity is not None:
            self.activity_chosen.emit(activity)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
