"""`designate-station DEVICE_ID`: the organisation running this station is designated as a whole
(III-2-4, 包括的な意思決定): what it proposed and what it will create counts as designated."""

from __future__ import annotations

NAME = "designate-station"
HELP = "designate a station's organisation as a whole: its activities are designated as they arrive"


def configure(parser) -> None:
    parser.add_argument("device_id", metavar="DEVICE_ID")


def run(args) -> int:
    from central.admin import AdminError
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine
    from central.proposed_activities import designate_station

    try:
        with open_engine(args).begin() as conn:
            emit(designate_station(conn, args.device_id))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
