"""A dialog opens at the size it asks for, up to the whole screen — not Qt's two-thirds.

Qt opens a window at most 2/3 of the screen wide and tall (QWidgetPrivate::adjustedSize); on
1280×720 at 150 % that squeezed the passphrase dialog's wrapped text into half its height. A
dialog that scrolls its fields still opens at the screen's size at most.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def open_within_screen(window: QWidget) -> None:
    """Call from showEvent: the size hint, bounded by the screen's free area, never below the minimum."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry().size()
    window.resize(window.sizeHint().boundedTo(room).expandedTo(window.minimumSizeHint()))
