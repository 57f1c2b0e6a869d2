"""`furusato-field export`: attendance as CSV (UTF-8 with BOM) or an Excel workbook, or a signed bundle.

CSV and xlsx take the filters of CONTRACTS §3: one activity, a range of days (ISO or 和暦, both
inclusive), or everything. A bad filter is a usage error with `{"error", "field"}` on stdout.
"""

from __future__ import annotations

NAME = "export"
HELP = "export attendance: --format csv|xlsx|bundle --out FILE [--activity ID] [--from DATE] [--to DATE]"


def configure(parser) -> None:
    parser.add_argument("--format", required=True, choices=("csv", "xlsx", "bundle"))
    parser.add_argument("--out", required=True, metavar="FILE")
    parser.add_argument("--activity", metavar="ID", help="only this activity (csv, xlsx)")
    parser.add_argument("--from", dest="day_from", metavar="DATE", help="first day, inclusive (csv, xlsx)")
    parser.add_argument("--to", dest="day_to", metavar="DATE", help="last day, inclusive (csv, xlsx)")


def _field_error(field: str, error: str, message: str, **extra) -> int:
    from desktop.commands.output import emit, usage_error

    emit({"error": error, "field": field, **extra})
    return usage_error(message)


def run(args) -> int:
    from pathlib import Path

    from desktop.commands.output import usage_error

    out = Path(args.out)
    if not out.parent.exists():
        return usage_error(f"folder {out.parent} does not exist")
    if out.is_dir():
        return _field_error("out", "is_a_folder", f"{out} is a folder, not a file name")
    if args.format == "bundle":
        if args.activity or args.day_from or args.day_to:
            return usage_error("--activity, --from and --to apply to csv and xlsx; a bundle carries every pending record")
        return _bundle(args, out)
    return _table(args, out)


def _scope(args):
    """(AttendanceScope, None) or (None, exit code) after saying which filter is wrong."""
    from desktop.store.attendance_stream import AttendanceScope
    from furusato.wareki import WarekiError, parse_date

    days = {}
    for field, text in (("from", args.day_from), ("to", args.day_to)):
        if text is None:
            continue
        try:
            days[field] = parse_date(text)
        except WarekiError as exc:
            return None, _field_error(field, "invalid_date", f"--{field}: not a date: {text!r}", reason=exc.reason)
    if "from" in days and "to" in days and days["from"] > days["to"]:
        return None, _field_error("to", "date_before_from", "--to is before --from")
    return AttendanceScope(args.activity, days.get("from"), days.get("to")), None


def _table(args, out) -> int:
    from desktop.attendance_export import export_attendance
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit
    from desktop.station import Station

    scope, failed = _scope(args)
    if scope is None:
        return failed
    station = Station.open(args.data_dir)
    try:
        if args.activity is not None and station.activities.get(args.activity) is None:
            return _field_error("activity", "unknown_activity", f"unknown activity {args.activity!r}")
        try:
            done = export_attendance(station, args.format, out, scope, via="cli")
        except OSError as exc:  # a full or pulled stick: nothing is left under the name, nothing audited
            emit({"error": "write_failed", "field": "out", "detail": exc.strerror or str(exc)})
            return EXIT_REFUSED
    finally:
        station.close()
    emit(done.to_json())
    return EXIT_OK


def _bundle(args, out) -> int:
    from desktop.commands.output import EXIT_OK, emit
    from desktop.privacy.audit_log import AuditLog
    from desktop.station import Station
    from desktop.sync.bundle import BundleError, write_bundle

    station = Station.open(args.data_dir)
    try:
        written = write_bundle(station, out)
        # A bundle carries the details the central needs: personal data leaving on a stick.
        AuditLog.for_data_dir(station.root).append(
            "bundle_export", records=written.records, file_name=out.name, via="cli")
    except BundleError as exc:
        emit({"error": "bundle_too_large", "message": str(exc)})
        return 1
    finally:
        station.close()
    emit(written.to_json())
    return EXIT_OK
