"""`self-checkin --card TOKEN --activity TOKEN [--at ISO8601]`: what `POST /v1/self-checkins` does, for
tests and pilots — a participant's phone read the activity's QR code."""

from __future__ import annotations

NAME = "self-checkin"
HELP = "record a participant's own check-in (card token + activity code); prints {\"outcome\", ...}"


def configure(parser) -> None:
    parser.add_argument("--card", required=True, metavar="TOKEN")
    parser.add_argument("--activity", required=True, metavar="TOKEN")
    parser.add_argument("--at", metavar="ISO8601", help="when the phone read the code (default: now)")


def run(args) -> int:
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.self_checkin import self_checkin

    with open_engine(args).begin() as conn:
        answer = self_checkin(conn, args.card, args.activity, args.at)
    emit(answer)
    return EXIT_OK if answer["outcome"] in ("recorded", "duplicate") else EXIT_REFUSED
