"""Attendance as an Excel workbook (XlsxWriter) that a Japanese office can use as it opens.

Codes and ids (postal code `040-0001`, phone `090-1234-5678`, record and card ids, local-government
codes) are string cells with the text format `@`, so Excel neither drops a leading zero nor turns
a long id into a rounded number — even when someone retypes the cell. Dates are date cells and
times are date-time cells to the minute, so the sheet sorts and filters by them; 和暦 columns
(when the station shows 和暦) are text. The header row is frozen and filterable.

XlsxWriter's constant-memory mode writes each row to disk as it goes, so a ledger of a million
rows does not sit in memory; the file appears under its name only when complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import xlsxwriter

from desktop import attendance_sheet as sheet
from desktop.atomic_file import replacing
from desktop.store.attendance_view import AttendanceRow
from furusato.activity import Activity
from furusato.record_format import WESTERN

SHEET_NAME = "受付記録"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_CELL = 32767  # Excel's limit on the characters of one cell


def write(
    path: Path, rows: Iterable[AttendanceRow], activities: dict[str, Activity], *,
    date_style: str = WESTERN, title: str = "", progress: Callable[[int], None] | None = None,
) -> int:
    """Writes the workbook; returns the number of data rows. `progress(n)` is called every 500 rows."""
    chosen = sheet.columns(date_style)
    count = 0
    with replacing(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False,
                                              "strings_to_formulas": False, "strings_to_urls": False})
        try:
            book.set_properties({"title": title or SHEET_NAME, "comments": "Furusato Field"})
            font = {"font_name": "游ゴシック", "font_size": 11}  # Excel's own default in Japan
            formats = {
                "text": book.add_format({**font, "num_format": TEXT_FORMAT}),
                "date": book.add_format({**font, "num_format": DATE_FORMAT}),
                "datetime": book.add_format({**font, "num_format": DATETIME_FORMAT}),
            }
            header = book.add_format({**font, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                      "num_format": TEXT_FORMAT, "text_wrap": True, "valign": "top"})
            ws = book.add_worksheet(SHEET_NAME)
            for index, column in enumerate(chosen):
                ws.set_column(index, index, column.width, formats[column.kind])
            ws.set_row(0, 30)
            for index, column in enumerate(chosen):
                ws.write_string(0, index, column.header, header)
            ws.freeze_panes(1, 0)
            for values in sheet.values(rows, activities, chosen):
                count += 1
                for index, (value, column) in enumerate(zip(values, chosen, strict=True)):
                    _write(ws, count, index, value, formats[column.kind])
                if progress is not None and count % 500 == 0:
                    progress(count)
            ws.autofilter(0, 0, max(count, 1), len(chosen) - 1)
        except BaseException:
            # Closing would assemble the workbook from half-written row files and raise something
            # unrelated (a decode error), hiding the real cause — a full disk, say.
            book.fileclosed = True
            raise
        book.close()
    return count


def _write(ws, row: int, col: int, value: sheet.Value, cell_format) -> None:
    if value is None:
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value.replace(tzinfo=None), cell_format)  # already Japan time
    elif isinstance(value, str):
        ws.write_string(row, col, value[:MAX_CELL], cell_format)
    else:  # a date
        ws.write_datetime(row, col, value, cell_format)
