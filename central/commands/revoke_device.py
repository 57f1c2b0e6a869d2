"""`revoke-device --device ID`: refuse every later record of a station (rule 1: device_revoked)."""

from __future__ import annotations

NAME = "revoke-device"
HELP = "revoke an enrolled station"


def configure(parser) -> None:
    parser.add_argument("--device", required=True)


def run(args) -> int:
    from central.admin import AdminError, revoke_device
    from central.commands import answer_in_transaction

    return answer_in_transaction(args, lambda conn: revoke_device(conn, args.device), AdminError)
