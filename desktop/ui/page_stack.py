"""A stack of widgets sized by the one on screen, and the window's pages scrolled in one.

A plain QStackedWidget asks for its largest widget's minimum size even while a smaller one shows,
and a window cannot be smaller than what its content asks for: a tall page (or the unlock prompt
above the pages) made the window taller than a 768-line screen, with its bottom unreachable.
Here the stack asks only for the widget on screen — the window's pages, and on the check-in
page the answer panel or the hand-entry form — and the pages sit in a scroll area, so the window
keeps the size of the screen and a page that does not fit (150 % scaling on 1280×720) scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget


class PageStack(QStackedWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        # The scroll area sizes its content by this. Qt's answer is the tallest page's *preferred*
        # height for the width (every label wrapped at leisure), which made even a page that fits
        # scroll; the page on screen needs only its minimum, and fills whatever more there is.
        page = self.currentWidget()
        return page.minimumSizeHint().height() if page is not None else super().heightForWidth(width)


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
