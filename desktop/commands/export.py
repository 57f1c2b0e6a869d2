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
        # Signed bundles belong to the sync work (issue 5); until it lands the format is refused plainly.
        return usage_error("bundle export is not available in this version yet; use --format csv")

    from desktop import export_csv
    from desktop.station import Station
    from desktop.store.attendance_view import AttendanceView

    station = Station.open(args.data_dir)
    try:
        view = AttendanceView(station.engine, station.ledger)
        activities = {a.id: a for a in station.activities.all()}
        if args.activity and args.activity not in activities:
            return usage_error(f"unknown activity {args.activity!r}")
        rows = view.rows(args.activity)
        count = export_csv.write(out, rows, activities)
    finally:
        station.close()
    emit({"format": "csv", "out": str(out), "rows": count})
    return EXIT_OK
