"""`furusato-field enroll --server URL --code CODE`: bind this station to a local government."""

from __future__ import annotations

NAME = "enroll"
HELP = "enrol this station with the central system using a single-use code"


def configure(parser) -> None:
    parser.add_argument("--server", required=True, metavar="URL", help="the central's https:// URL")
    parser.add_argument("--code", required=True, metavar="CODE", help="the enrolment code from the central")
    parser.add_argument("--ca-file", metavar="PEM", help="CA bundle for a municipal network's own certificates")
    parser.add_argument("--label", metavar="TEXT", help="how the central shows this station (default: host name)")


def run(args) -> int:
    import os

    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit, usage_error
    from desktop.sync.client import check_server_url
    from desktop.sync.errors import InsecureURL, SyncError

    try:
        check_server_url(args.server)  # before opening anything, and long before connecting
    except InsecureURL as exc:
        return usage_error(str(exc))
    if args.ca_file and not os.path.isfile(args.ca_file):
        return usage_error(f"--ca-file {args.ca_file} is not a file")

    from desktop.station import Station
    from desktop.sync.enrollment import enroll

    station = Station.open(args.data_dir)
    try:
        try:
            result = enroll(station, args.server, args.code, ca_file=os.path.abspath(args.ca_file) if args.ca_file else None,
                            label=args.label)
        except SyncError as exc:
            emit({"error": exc.code, "message": str(exc)})
            return EXIT_REFUSED
    finally:
        station.close()
    emit(result.to_json())
    return EXIT_OK
