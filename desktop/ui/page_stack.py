"""A stack of widgets sized by the one on screen, and the window's pages scrolled in one.

A plain QStackedWidget asks for its largest widget's minimum size even while a smaller one shows,
and a window cannot be smaller than what its content asks for: a tall page (or the unlock prompt
above the pages) made the window taller than a 768-line screen, with its bottom unreachable.
Here the stack asks only for the widget on screen — the window's pages, and on the check-in
page the answer panel or the hand-entry form — and the pages sit in a scroll area, so the window
keeps the size of the screen and a page that does not fit (150 % scaling on 1280×720) scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedLayout, QWidget


class _CurrentOnlyLayout(QStackedLayout):
    """QStackedLayout sized by its current widget: not the largest, and no height-for-width.

    Qt's asks for the largest widget's minimum and, through height-for-width, for the largest
    *preferred* height of them all (the hand-entry form's 845 px while the answer panel shows),
    which squeezed the rest of the check-in page down to its minimums."""

    def sizeHint(self) -> QSize:  # noqa: N802
        current = self.currentWidget()
        return current.sizeHint() if current is not None else QSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        current = self.currentWidget()
        if current is None:
            return QSize()
        return current.minimumSizeHint().expandedTo(current.minimumSize())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False

    def heightForWidth(self, _width: int) -> int:  # noqa: N802
        return -1


class PageStack(QWidget):
    """The part of QStackedWidget the window uses, over _CurrentOnlyLayout."""

    currentChanged = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._stack = _CurrentOnlyLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.currentChanged.connect(self._changed)

    def _changed(self, index: int) -> None:
        self._stack.invalidate()
        self.updateGeometry()
        self.currentChanged.emit(index)

    def addWidget(self, widget: QWidget) -> int:  # noqa: N802
        return self._stack.addWidget(widget)

    def count(self) -> int:
        return self._stack.count()

    def widget(self, index: int) -> QWidget | None:
        return self._stack.widget(index)

    def indexOf(self, widget: QWidget) -> int:  # noqa: N802
        return self._stack.indexOf(widget)

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self._stack.currentWidget()

    def currentIndex(self) -> int:  # noqa: N802
        return self._stack.currentIndex()

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802
        self._stack.setCurrentWidget(widget)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        self._stack.setCurrentIndex(index)


def scrolling(content: QWidget, parent=None) -> QScrollArea:
    """`content` filling the area while it fits, scrolling (both ways) once it does not."""
    area = QScrollArea(parent)
    area.setObjectName("pageView")
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setFocusPolicy(Qt.NoFocus)  # the pages hold focus; the area only moves them
    return area


HYSTERESIS = 48  # px: more than a scroll bar, whose coming and going would flip the columns back


def columns_for(width: int, current: int, two_from: int) -> int:
    """One or two columns of fields for `width`, with a margin so that the change the switch makes
    (a scroll bar appearing, the page narrowing by its width) cannot switch it back in a loop."""
    if current == 2:
        return 2 if width >= two_from - HYSTERESIS else 1
    return 2 if width >= two_from else 1
