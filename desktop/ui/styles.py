"""Style sheets: the normal one, and outdoor mode (high contrast, large type, big targets)."""

from __future__ import annotations

NORMAL = """
QWidget { font-size: 12pt; }
QLabel#heading { font-size: 18pt; font-weight: bold; }
QLabel#countLabel { font-size: 18pt; font-weight: bold; }
QPushButton { padding: 6px 12px; }
"""

OUTDOOR = """
QWidget { font-size: 16pt; background: #ffffff; color: #000000; }
QLabel#heading { font-size: 24pt; font-weight: bold; }
QLabel#countLabel { font-size: 24pt; font-weight: bold; }
QPushButton { min-height: 64px; padding: 8px 16px; border: 3px solid #000000; background: #ffeb3b;
              color: #000000; font-weight: bold; }
QPushButton:focus { border: 5px solid #0d47a1; }
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit { border: 3px solid #000000; min-height: 44px; }
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus { border: 4px solid #0d47a1; }
QTableView, QListWidget { gridline-color: #000000; selection-background-color: #0d47a1;
                          selection-color: #ffffff; }
QTableView::item { padding: 0px 6px; }
"""


def style_for(outdoor: bool) -> str:
    return OUTDOOR if outdoor else NORMAL
