"""Attendance as CSV for the local government's spreadsheets.

UTF-8 with a byte-order mark, because Excel in Japan opens BOM-less UTF-8 as Shift_JIS and shows
mojibake; CRLF line ends for the same readers. The columns and their Japanese values come from
desktop.attendance_sheet; rows are written as they are read, so a large ledger never sits in
memory, and the file appears under its name only when complete (desktop.atomic_file).

A text cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`: spreadsheets would
otherwise run it as a formula (CSV injection) — a name or a reason is whatever someone typed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from desktop import attendance_sheet as sheet
from desktop.atomic_file import replacing
from desktop.store.attendance_view import AttendanceRow
from furusato.activity import Activity
from furusato.record_format import WESTERN

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: sheet.Value, kind: sheet.Kind) -> str:
    text = sheet.as_text(value, kind)
    if kind == "text" and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write(
    path: Path, rows: Iterable[AttendanceRow], activities: dict[str, Activity], *,
    date_style: str = WESTERN, progress: Callable[[int], None] | None = None,
) -> int:
    """Writes the CSV; returns the number of data rows. `progress(n)` is called every 500 rows."""
    chosen = sheet.columns(date_style)
    count = 0
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([c.header for c in chosen])
        for values in sheet.values(rows, activities, chosen):
            writer.writerow([_cell(v, c.kind) for v, c in zip(values, chosen, strict=True)])
            count += 1
            if progress is not None and count % 500 == 0:
                progress(count)
    return count
