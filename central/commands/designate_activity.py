"""`designate-activity ID`: the local government designates an activity a station proposed; its
attendance counts from now on."""

from __future__ import annotations

NAME = "designate-activity"
HELP = "designate an activity a station proposed (its attendance then counts)"


def configure(parser) -> None:
    parser.add_argument("activity_id", metavar="ID")


def run(args) -> int:
    from central.admin import AdminError
    from central.commands import answer_in_transaction
    from central.proposed_activities import designate

    return answer_in_transaction(args, lambda conn: designate(conn, args.activity_id), AdminError)
