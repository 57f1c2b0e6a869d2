"""`revoke-device --device ID`: refuse every later record of a station (rule 1: device_revoked)."""

from __future__ import annotations

NAME = "revoke-device"
HELP = "revoke an enrolled station"


def configure(parser) -> None:
    parser.add_argument("--device", required=True)


def run(args) -> int:
    from central.admin import AdminError, revoke_device
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    try:
        with open_engine(args).begin() as conn:
            emit(revoke_device(conn, args.device))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
