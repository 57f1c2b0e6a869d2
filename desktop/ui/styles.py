"""Style sheets: the normal one, and outdoor mode (high contrast, large type, big targets).

Both make the small parts big enough for a gloved finger: check boxes, the slider's handle, the
combo-box arrow, and spin boxes laid out as [−] value [+] with full-height buttons instead of the
style's two 10-px arrows stacked at the right.

Buttons get their height (≥ 48 px, one line) from padding, not `min-height` or setMinimumHeight: a style-sheet minimum becomes the
widget's own minimum, below a two-line button's natural height, and a short page then squeezed
the second line (the key) into the border. Focus changes colours, not border widths, so a
widget does not change size (and its neighbours do not move) as focus passes.
"""

from __future__ import annotations

from furusato.resources import resource_path

_COMMON = """
QPushButton#voidButton {{ color: #b71c1c; font-weight: bold; }}
QAbstractSpinBox {{ padding: 0px {spin_pad}px; }}
QAbstractSpinBox::up-button {{ subcontrol-origin: border; subcontrol-position: center right;
    width: {spin}px; height: {spin_h}px; border-left: {line}px solid {edge}; }}
QAbstractSpinBox::down-button {{ subcontrol-origin: border; subcontrol-position: center left;
    width: {spin}px; height: {spin_h}px; border-right: {line}px solid {edge}; }}
QAbstractSpinBox::up-arrow {{ image: url({plus}); width: {arrow}px; height: {arrow}px; }}
QAbstractSpinBox::down-arrow {{ image: url({minus}); width: {arrow}px; height: {arrow}px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off,
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{ image: none; }}
QDateTimeEdit[calendarPopup="true"] {{ padding: 0px {spin}px 0px 6px; }}
QDateTimeEdit[calendarPopup="true"]::drop-down {{ subcontrol-origin: border; subcontrol-position: center right;
    width: {spin}px; height: {spin_h}px; border-left: {line}px solid {edge}; }}
QDateTimeEdit[calendarPopup="true"]::down-arrow {{ image: url({calendar}); width: {arrow}px; height: {arrow}px; }}
QCheckBox {{ spacing: 12px; min-height: {check}px; }}
QCheckBox::indicator {{ width: {check}px; height: {check}px; }}
QComboBox::drop-down {{ width: {spin}px; }}
QSlider {{ min-height: {handle}px; }}
QSlider::groove:horizontal {{ height: 8px; background: #9e9e9e; border-radius: 4px; }}
QSlider::sub-page:horizontal {{ background: #0d47a1; border-radius: 4px; }}
QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px; margin: -{handle_margin}px 0px;
    border-radius: {handle_radius}px; background: {handle_fill}; border: {line}px solid #0d47a1; }}
QLabel#syncError {{ color: #b71c1c; font-weight: bold; padding: 2px 6px; font-size: {notice_pt}pt; }}
QTableView::item {{ padding: 0px 6px; }}
QHeaderView::section {{ padding: 2px 8px; font-weight: bold; background: {header}; border: none;
    border-right: {line}px solid {edge}; border-bottom: {line}px solid {edge}; }}
"""

NORMAL = """
QWidget { font-size: 12pt; }
QLabel#heading { font-size: 18pt; font-weight: bold; }
QLabel#countLabel { font-size: 18pt; font-weight: bold; }
QPushButton { padding: 12px 14px; }
QPushButton#voidButton { border: 2px solid #b71c1c; border-radius: 4px; background: #ffebee; }
QAbstractSpinBox { min-height: 36px; border: 1px solid #8a8a8a; border-radius: 3px; background: #ffffff; }
"""

OUTDOOR = """
QWidget { font-size: 16pt; background: #ffffff; color: #000000; }
QLabel#heading { font-size: 24pt; font-weight: bold; }
QLabel#countLabel { font-size: 24pt; font-weight: bold; }
QPushButton { padding: 8px 14px; border: 3px solid #000000; background: #ffeb3b; color: #000000;
              font-weight: bold; }
QPushButton:focus { border: 3px solid #0d47a1; background: #fff59d; }
QPushButton#voidButton { background: #ffffff; border: 3px solid #b71c1c; }
QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit { border: 3px solid #000000; min-height: 44px; }
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus, QPlainTextEdit:focus { border: 3px solid #0d47a1;
    background: #e3f2fd; }
QCheckBox:focus { color: #0d47a1; }
QTableView, QListWidget { gridline-color: #000000; selection-background-color: #0d47a1;
                          selection-color: #ffffff; }
"""

_SIZES = {
    False: {"notice_pt": 12, "spin": 40, "spin_h": 34, "spin_pad": 44, "arrow": 16, "check": 28, "handle": 26, "line": 1,
            "edge": "#8a8a8a", "header": "#eeeeee", "handle_fill": "#ffffff"},
    True: {"notice_pt": 13, "spin": 52, "spin_h": 44, "spin_pad": 56, "arrow": 22, "check": 40, "handle": 36, "line": 2,
           "edge": "#000000", "header": "#ffffff", "handle_fill": "#ffeb3b"},
}


def style_for(outdoor: bool) -> str:
    sizes = _SIZES[outdoor]
    icons = {name: resource_path(f"icons/{name}.svg").as_posix() for name in ("plus", "minus", "calendar")}
    common = _COMMON.format(**sizes, **icons, handle_margin=(sizes["handle"] - 8) // 2,
                            handle_radius=sizes["handle"] // 2)
    return (OUTDOOR if outdoor else NORMAL) + common
