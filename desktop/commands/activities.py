"""`furusato-field activities`: the activities this station knows, as one JSON list."""

from __future__ import annotations

NAME = "activities"
HELP = "list the activities this station knows (JSON)"


def configure(parser) -> None:
    pass


def run(args) -> int:
    from desktop.commands.output import EXIT_OK, emit
    from desktop.station import Station

    station = Station.open(args.data_dir)
    try:
        counts = station.activities.checked_in_counts()
        emit([{**a.to_json(), "checked_in": counts.get(a.id, 0)} for a in station.activities.all()])
    finally:
        station.close()
    return EXIT_OK
