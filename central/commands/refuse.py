"""`refuse APPLICATION_ID --reason TEXT`: staff refusal of a pending premium application."""

from __future__ import annotations

NAME = "refuse"
HELP = "refuse a pending premium application, with a reason"


def configure(parser) -> None:
    parser.add_argument("application_id", metavar="APPLICATION_ID")
    parser.add_argument("--reason", required=True, help="why (kept with the application)")


def run(args) -> int:
    from central.applications import ApplicationError, refuse
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    try:
        with open_engine(args).begin() as conn:
            emit(refuse(conn, args.application_id, args.reason))
    except ApplicationError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
