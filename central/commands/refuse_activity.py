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
    from central.commands import answer_in_transaction
    from central.proposed_activities import refuse

    return answer_in_transaction(args, lambda conn: refuse(conn, args.activity_id, args.reason), AdminError)
