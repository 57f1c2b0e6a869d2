"""`furusato-field export`: attendance as CSV (UTF-8 with BOM) or, with sync, a signed bundle."""

from __future__ import annotations

NAME = "export"
HELP = "export attendance: --format csv|bundle --out FILE"


def configure(parser) -> None:
    parser.add_argument("--format", required=True, choices=("csv", "bundle"))
    parser.add_argument("--out", required=True, metavar="FILE")
    parser.add_argument("--activity", metavar="ID", help="only this activity (CSV)")


def run(args) -> int:
    from pathlib import Path

    from desktop.commands.output import EXIT_OK, emit, usage_error

    out = Path(args.out)
    if not out.parent.exists():
        return usage_error(f"folder {out.parent} does not exist")
    if args.format == "bundle":
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

    from desktop import export_csv
    from desktop.privacy.audit_log import AuditLog
    from desktop.station import Station
    from desktop.store.attendance_view import AttendanceQuery, AttendanceView

    station = Station.open(args.data_dir)
    try:
        view = AttendanceView(station.engine, station.ledger)
        activities = {a.id: a for a in station.activities.all()}
        if args.activity and args.activity not in activities:
            return usage_error(f"unknown activity {args.activity!r}")
        count = export_csv.write(out, view.iter_rows(AttendanceQuery(args.activity)), activities)
        # Personal data leaving the station as a file is a reportable act (guideline IV-4).
        AuditLog.for_data_dir(station.root).append("csv_export", rows=count, via="cli")
    finally:
        station.close()
    emit({"format": "csv", "out": str(out), "rows": count})
    return EXIT_OK
