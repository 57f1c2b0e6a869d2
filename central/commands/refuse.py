"""`refuse APPLICATION_ID --reason TEXT`: staff refusal of a pending premium application."""

from __future__ import annotations

NAME = "refuse"
HELP = "refuse a pending premium application, with a reason"


def configure(parser) -> None:
    parser.add_argument("application_id", metavar="APPLICATION_ID")
    parser.add_argument("--reason", required=True, help="why (kept with the application)")


def run(args) -> int:
    from central.applications import ApplicationError, refuse
    from central.commands import answer_in_transaction

    return answer_in_transaction(args, lambda conn: refuse(conn, args.application_id, args.reason), ApplicationError)
