"""Does a window fit? Every visible widget inside it (or inside a scroll area that can reach it), and
every label, button, field hint and table header wide and tall enough for its text.

`problems(top)` walks the real widget tree after layout and returns one line per fault, e.g.
``picker: QPushButton 'open_button' text 'Start check-in (Enter)' needs 262 px, has 240``.
A widget marked ``setProperty("meantToElide", True)`` may shorten its text with an ellipsis.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QTableView,
    QWidget,
)

TOLERANCE = 1  # px: rounding between a font's advance and the integer geometry
LINE_EDIT_CHROME = 14  # frame, text margins and cursor room inside a line edit
COMBO_CHROME = 36  # the drop-down arrow and frame
SPIN_CHROME = 30  # the up/down buttons and frame
CELL_CHROME = 10  # a table cell's padding left and right


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} '{widget.objectName() or '-'}'"


def _rect_in(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _scroll_ancestor(widget: QWidget, top: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose viewport holds `widget` (so it is reached by scrolling)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return area
        child, parent = parent, parent.parentWidget()
    return None


def _inside_scroll_area(widget: QWidget, area: QAbstractScrollArea, top: QWidget) -> str | None:
    """A widget in a scroll area is reachable when the area scrolls the way it overflows."""
    if not isinstance(area, QScrollArea) or area.widget() is None:
        return None
    content = area.widget()
    if widget is not content and not content.isAncestorOf(widget):
        return None
    viewport = area.viewport()
    if content.width() > viewport.width() and area.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff:
        return f"wider than its scroll area ({content.width()} > {viewport.width()}) with no horizontal scroll bar"
    if content.height() > viewport.height() and area.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOff:
        return f"taller than its scroll area ({content.height()} > {viewport.height()}) with no vertical scroll bar"
    return None


def _outside(widget: QWidget, top: QWidget) -> str | None:
    area = _scroll_ancestor(widget, top)
    if area is not None:
        return _inside_scroll_area(widget, area, top)
    window = QRect(QPoint(0, 0), top.size())
    rect = _rect_in(widget, top)
    if not window.contains(rect):
        return f"outside the window: {rect.getRect()} not within {window.getRect()}"
    parent = widget.parentWidget()
    if parent is not None and parent is not top and not isinstance(parent, QScrollArea):
        holder = QRect(QPoint(0, 0), parent.size())
        mine = QRect(widget.pos(), widget.size())
        if not holder.contains(mine):
            return f"clipped by its parent {_name(parent)}: {mine.getRect()} not within {holder.getRect()}"
    return None


def _text_problem(widget: QWidget) -> str | None:
    if widget.property("meantToElide"):
        return None
    fm = widget.fontMetrics()
    if isinstance(widget, QLabel):
        text = widget.text()
        if not text or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return None
        if widget.wordWrap():  # what the label paints: the text wrapped to its contents' width
            room = widget.contentsRect()
            wrapped = fm.boundingRect(QRect(0, 0, room.width(), 1 << 20), int(Qt.TextWordWrap), text)
            if wrapped.height() > room.height() + TOLERANCE:
                return f"text {text[:40]!r} needs {wrapped.height()} px of height, has {room.height()}"
            if wrapped.width() > room.width() + TOLERANCE:  # a word too long to break
                return f"text {text[:40]!r} needs {wrapped.width()} px even wrapped, has {room.width()}"
            return None
        hint = widget.minimumSizeHint()
        if hint.width() > widget.width() + TOLERANCE or fm.height() > widget.height() + TOLERANCE:
            return f"text {text[:40]!r} needs {hint.width()}x{fm.height()} px, has {widget.width()}x{widget.height()}"
        return None
    if isinstance(widget, QAbstractButton):
        text = _plain(widget.text())
        if not text:
            return None
        hint = widget.sizeHint()  # the text's lines, the style's padding and border
        if hint.width() > widget.width() + TOLERANCE or hint.height() > widget.height() + TOLERANCE:
            return f"text {text[:40]!r} needs {hint.width()}x{hint.height()} px, has {widget.width()}x{widget.height()}"
        return None
    if isinstance(widget, QLineEdit):
        hint = widget.placeholderText() if not widget.text() else ""
        room = widget.width() - LINE_EDIT_CHROME
        if hint and fm.horizontalAdvance(hint) > room + TOLERANCE:
            return f"hint {hint[:40]!r} needs {fm.horizontalAdvance(hint)} px, has {room}"
        if fm.height() > widget.height():
            return f"text height {fm.height()} px, has {widget.height()}"
        return None
    if isinstance(widget, QComboBox):
        text = widget.currentText()
        need = fm.horizontalAdvance(text) + COMBO_CHROME
        if text and need > widget.width() + TOLERANCE:
            return f"item {text[:40]!r} needs {need} px, has {widget.width()}"
        return None
    if isinstance(widget, QAbstractSpinBox):
        text = widget.text() if hasattr(widget, "text") else ""
        if getattr(widget, "specialValueText", None) and widget.specialValueText():
            text = max((text, widget.specialValueText()), key=fm.horizontalAdvance)
        need = fm.horizontalAdvance(text) + SPIN_CHROME
        if text and need > widget.width() + TOLERANCE:
            return f"value {text!r} needs {need} px, has {widget.width()}"
        return None
    if isinstance(widget, QTableView):
        return _table_problem(widget)
    return None


def _table_problem(table: QTableView) -> str | None:
    model = table.model()
    if model is None:
        return None
    header: QHeaderView = table.horizontalHeader()
    hfm = header.fontMetrics()
    elides = set(table.property("elidingColumns") or [])
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        width = table.columnWidth(column)
        title = model.headerData(column, Qt.Horizontal, Qt.DisplayRole)
        if header.isVisible() and title and hfm.horizontalAdvance(str(title)) + CELL_CHROME > width + TOLERANCE:
            return f"column {column} header {str(title)!r} needs {hfm.horizontalAdvance(str(title)) + CELL_CHROME} px, has {width}"
        if column in elides:
            continue
        for row in range(min(model.rowCount(), 30)):
            value = model.index(row, column).data(Qt.DisplayRole)
            if value is None:
                continue
            need = table.fontMetrics().horizontalAdvance(str(value)) + CELL_CHROME
            if need > width + TOLERANCE:
                return f"cell ({row}, {column}) {str(value)[:30]!r} needs {need} px, has {width}"
    return None


def _skipped(widget: QWidget) -> bool:
    # Qt's own inner parts: scroll bars come and go with the content; item views' viewports are
    # checked through their view; a header is checked by its table.
    if isinstance(widget, (QScrollBar, QHeaderView)):
        return True
    name = widget.objectName()
    return name.startswith("qt_") or isinstance(widget.parentWidget(), QAbstractItemView) and not isinstance(
        widget, QAbstractScrollArea)


def problems(top: QWidget, where: str = "") -> list[str]:
    """Every fault in `top` as it is laid out now (call after showing and processing events)."""
    QApplication.processEvents()
    found = []
    prefix = f"{where}: " if where else ""
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or _skipped(widget) or widget.isWindow():
            continue
        for problem in (_outside(widget, top), _text_problem(widget)):
            if problem:
                found.append(f"{prefix}{_name(widget)} {problem}")
    return found
