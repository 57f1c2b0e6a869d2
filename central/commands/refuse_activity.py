"""`refuse-activity ID --reason TEXT`: the local government does not designate a proposed activity;
its attendance stays recorded but never counts, and the station shows the reason."""

from __future__ import annotations

NAME = "refuse-activity"
HELP = "refuse to designate an activity a station proposed, with a reason the station shows"


def configure(parser) -> None:
    parser.add_argument("activity_id", metavar="ID")
    parser.add_argument("--reason", required=True)


def run(args) -> int:
    from central.admin import AdminError
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.proposed_activities import refuse

    try:
        with open_engine(args).begin() as conn:
            emit(refuse(conn, args.activity_id, args.reason))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
