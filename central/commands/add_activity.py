"""`add-activity --id ID --title T --kind K --venue CODE --start ISO --end ISO [--designating CODE]
[--place P] [--content C]`: add or update an activity of the catalogue stations pull."""

from __future__ import annotations

NAME = "add-activity"
HELP = "add or update an activity in the catalogue"


def configure(parser) -> None:
    parser.add_argument("--id", required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--kind", required=True)
    parser.add_argument("--venue", required=True, help="6-digit code of the venue's local government")
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    parser.add_argument("--designating", help="designating local government (default: the venue)")
    parser.add_argument("--place", default="")
    parser.add_argument("--content", default="")


def run(args) -> int:
    from central.admin import AdminError, upsert_activity
    from central.commands import EXIT_OK, EXIT_REFUSED, emit, open_engine

    try:
        with open_engine(args).begin() as conn:
            emit(upsert_activity(conn, id=args.id, title=args.title, kind=args.kind, venue=args.venue,
                                 start=args.start, end=args.end, designating=args.designating,
                                 place=args.place, content=args.content))
    except AdminError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    return EXIT_OK
