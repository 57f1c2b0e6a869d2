"""`revoke-card --sub ID`: put a registrant on the revocation list stations sync."""

from __future__ import annotations

NAME = "revoke-card"
HELP = "revoke a registration card subject"


def configure(parser) -> None:
    parser.add_argument("--sub", required=True)


def run(args) -> int:
    from central.admin import AdminError, revoke_card
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    try:
        with open_engine(args).begin() as conn:
            emit(revoke_card(conn, args.sub))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
