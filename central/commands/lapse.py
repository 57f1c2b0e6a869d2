"""`lapse [--as-of DATE]`: move every premium registration whose expiry has passed out of the
persons' live lists into the history (one transaction) → `{"as_of", "count", "lapsed": [...]}`."""

from __future__ import annotations

NAME = "lapse"
HELP = "lapse premium registrations whose expiry has passed"


def configure(parser) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="day of evaluation (default today in Japan)")


def run(args) -> int:
    from central.applications import ApplicationError, day_arg, parse_day
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.premium import lapse_all

    try:
        day = parse_day(day_arg(args.as_of))
        with open_engine(args).begin() as conn:
            emit(lapse_all(conn, day))
    except ApplicationError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
