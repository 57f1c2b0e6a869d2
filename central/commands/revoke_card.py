"""`revoke-card --sub ID`: put a registrant on the revocation list stations sync."""

from __future__ import annotations

NAME = "revoke-card"
HELP = "revoke a registration card subject"


def configure(parser) -> None:
    parser.add_argument("--sub", required=True)


def run(args) -> int:
    from central.admin import AdminError, revoke_card
    from central.commands import answer_in_transaction

    return answer_in_transaction(args, lambda conn: revoke_card(conn, args.sub), AdminError)
