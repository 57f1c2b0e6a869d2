"""`designate-activity ID`: the local government designates an activity a station proposed; its
attendance counts from now on."""

from __future__ import annotations

NAME = "designate-activity"
HELP = "designate an activity a station proposed (its attendance then counts)"


def configure(parser) -> None:
    parser.add_argument("activity_id", metavar="ID")


def run(args) -> int:
    from central.admin import AdminError
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.proposed_activities import designate

    try:
        with open_engine(args).begin() as conn:
            emit(designate(conn, args.activity_id))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
