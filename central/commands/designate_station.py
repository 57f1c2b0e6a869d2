"""`designate-station DEVICE_ID`: the organisation running this station is designated as a whole
(III-2-4, 包括的な意思決定): what it proposed and what it will create counts as designated."""

from __future__ import annotations

NAME = "designate-station"
HELP = "designate a station's organisation as a whole: its activities are designated as they arrive"


def configure(parser) -> None:
    parser.add_argument("device_id", metavar="DEVICE_ID")


def run(args) -> int:
    from central.admin import AdminError
    from central.commands import answer_in_transaction
    from central.proposed_activities import designate_station

    return answer_in_transaction(args, lambda conn: designate_station(conn, args.device_id), AdminError)
