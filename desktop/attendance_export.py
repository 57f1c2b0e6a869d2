"""One audited export of attendance to a file, for the command line and the window alike.

Reads the rows of the scope as a stream (desktop.store.attendance_stream), writes CSV or xlsx,
and records the act in the audit log once the file is complete: personal data leaving the
station as a file is a reportable act (guideline IV-4). The audit entry holds counts and the
channel, never the file name (it may carry a person's name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop import export_csv, export_xlsx
from desktop.privacy.audit_log import AuditLog
from desktop.record_settings import RecordSettings
from desktop.store.attendance_stream import AttendanceScope, stream_rows
from furusato import record_format

FORMATS = ("csv", "xlsx")
AUDIT_EVENTS = {"csv": "csv_export", "xlsx": "xlsx_export"}


@dataclass(frozen=True)
class ExportDone:
    format: str
    out: Path
    rows: int

    def to_json(self) -> dict:
        return {"format": self.format, "out": str(self.out), "rows": self.rows}


def export_attendance(
    station, file_format: str, out: Path, scope: AttendanceScope, *, via: str,
    progress: Callable[[int], None] | None = None,
) -> ExportDone:
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    activities = {a.id: a for a in station.activities.all()}
    date_style = RecordSettings(station.meta).date_style
    rows = stream_rows(station.engine, station.ledger, scope)
    try:
        if file_format == "csv":
            count = export_csv.write(out, rows, activities, date_style=date_style, progress=progress)
        else:
            title = activities[scope.activity_id].title if scope.activity_id in activities else ""
            count = export_xlsx.write(out, rows, activities, date_style=date_style, title=title, progress=progress)
    finally:
        record_format.phone_national.cache_clear()  # phones are personal data: not kept past the export
    AuditLog.for_data_dir(station.root).append(AUDIT_EVENTS[file_format], rows=count, via=via)
    return ExportDone(file_format, Path(out), count)
