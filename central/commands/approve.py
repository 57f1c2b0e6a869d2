"""`approve APPLICATION_ID [--as-of DATE]`: staff approval of a pending premium application.

The application is judged again on the day of approval. Still eligible: approved, the person's
registration granted or renewed (exit 0). No longer eligible: the application is refused with the
re-check's reasons and the command exits 1 with `{"error": "not_eligible", ..., "application"}`."""

from __future__ import annotations

NAME = "approve"
HELP = "approve a pending premium application (re-checked on the day of approval)"


def configure(parser) -> None:
    parser.add_argument("application_id", metavar="APPLICATION_ID")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="day of approval (default today in Japan)")


def run(args) -> int:
    from central.applications import APPROVED, ApplicationError, approve, day_arg
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    try:
        as_of = day_arg(args.as_of)
        with open_engine(args).begin() as conn:
            done = approve(conn, args.application_id, as_of)
    except ApplicationError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    if done["status"] != APPROVED:
        emit({"error": "not_eligible", "detail": "not eligible on the day of approval: " + ", ".join(done["reasons"]),
              "field": None, "application": done})
        return EXIT_REFUSED
    emit(done)
    return EXIT_OK
