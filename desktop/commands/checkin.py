"""`furusato-field checkin`: one check-in from a card token or a manual record file."""

from __future__ import annotations

NAME = "checkin"
HELP = "record one participant: --token TOKEN or --manual FILE.json"


def configure(parser) -> None:
    parser.add_argument("--activity", required=True, metavar="ID")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--token", metavar="TOKEN", help="a registration card token (- reads stdin)")
    source.add_argument("--manual", metavar="FILE.json", help="a hand-recorded participant (- reads stdin)")
    parser.add_argument("--at", metavar="ISO8601", help="when it happened (default: now; no offset = Japan time)")


MANUAL_MAX_BYTES = 1024 * 1024  # one person's record is a few hundred bytes


def run(args) -> int:
    import sys

    from desktop.checkin import CheckinService, UnknownActivity
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit, usage_error
    from desktop.station import Station
    from furusato import safe_json
    from furusato.activity import parse_instant

    try:
        at = parse_instant(args.at) if args.at else None
    except ValueError:
        return usage_error(f"--at {args.at!r} is not an ISO 8601 date-time")
    if args.manual is not None:
        limits = safe_json.Limits(max_bytes=MANUAL_MAX_BYTES, max_depth=4, max_string=4096, allow_bom=True)
        try:
            if args.manual == "-":
                data = safe_json.loads(sys.stdin.buffer.read(limits.max_bytes + 1), limits, "the manual record")
            else:
                data = safe_json.load_file(args.manual, limits, "the manual record")
        except OSError as exc:
            return usage_error(f"cannot read {args.manual}: {exc.strerror}")
        except safe_json.JSONRefused as exc:
            fields = [exc.top_field] if exc.top_field else []
            emit({"outcome": "invalid_input", "record_id": None, "fields": fields,
                  "errors": {exc.top_field: exc.code} if exc.top_field else {}, "error": str(exc)})
            return EXIT_REFUSED
        if not isinstance(data, dict):
            emit({"outcome": "invalid_input", "record_id": None, "fields": [], "error": "not a JSON object"})
            return EXIT_REFUSED
    station = Station.open(args.data_dir)
    try:
        service = CheckinService(station)
        try:
            if args.manual is not None:
                result = service.check_in_manual(args.activity, data, at)
            else:
                token = sys.stdin.read() if args.token == "-" else args.token
                result = service.check_in_token(args.activity, token, at)
        except UnknownActivity:
            emit({"outcome": "invalid_input", "record_id": None, "fields": ["activity"],
                  "errors": {"activity": "unknown_activity"}})
            return EXIT_REFUSED
    finally:
        station.close()
    emit(result.to_json())
    return EXIT_REFUSED if result.outcome.is_refusal else EXIT_OK
