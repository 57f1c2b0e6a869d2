"""`furusato-field new-activity --title T --kind K --start ISO --end ISO [--venue CODE] [--content TEXT]
[--place TEXT]`: an activity created at this station, proposed to the central at the next sync."""

from __future__ import annotations

NAME = "new-activity"
HELP = "create an activity at this station (proposed to the local government); prints {\"id\"}"
KINDS = ("designated_project", "designated_side_job", "public_interest_body", "public_role")


def configure(parser) -> None:
    parser.add_argument("--title", required=True)
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--start", required=True, help="ISO 8601; without an offset, Japan time")
    parser.add_argument("--end", required=True, help="ISO 8601; without an offset, Japan time")
    parser.add_argument("--venue", help="6-digit local-government code of the venue (default: this station's)")
    parser.add_argument("--content", default="")
    parser.add_argument("--place", default="")


def run(args) -> int:
    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit
    from desktop.station import Station
    from desktop.station_activities import create_activity
    from furusato.activity_proposal import ProposalInvalid

    station = Station.open(args.data_dir)
    try:
        activity = create_activity(station, title=args.title, kind=args.kind, start=args.start, end=args.end,
                                   venue=args.venue, content=args.content, place=args.place)
    except ProposalInvalid as invalid:
        emit(invalid.to_json())
        return EXIT_REFUSED
    finally:
        station.close()
    emit({"id": activity.id, "status": activity.status, "activity": activity.to_json()})
    return EXIT_OK
