"""Activities created at this station, offline (a 自治会's meeting, a 消防団's drill).

One call validates the definition with the rules the central applies too, then writes the signed
`activity` ledger record and the catalogue row in one transaction: the activity is usable for
check-in at once, travels to the central with the next sync or bundle, and stays *proposed* there
until the local government designates it (furusato/activity_proposal.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.demo_seed import DEMO_LG
from desktop.store.activities import row_values
from furusato import activity_proposal as proposal
from furusato.activity import JST, Activity, local_day


def designating_lg(station) -> str:
    """The local government that decides on this station's activities: its own, or the demo's."""
    return station.local_government or DEMO_LG


def create_activity(
    station, *, title: Any, kind: Any, start: Any, end: Any, venue: Any = None, content: Any = "",
    place: Any = "", now: datetime | None = None,
) -> Activity:
    """The new activity (status `proposed`); ProposalInvalid naming the field that is wrong."""
    now = now or datetime.now(JST)
    lg = designating_lg(station)
    data = {
        "title": title, "kind": kind, "content": content, "place": place,
        "venue": venue if venue not in (None, "") else lg, "designating_lg": lg, "start": start, "end": end,
    }
    checked = proposal.validate(proposal.new_activity_id(), data)
    activity = Activity(**{**checked.__dict__, "status": proposal.PROPOSED, "source": "station"})
    station.ledger.propose_activity(
        activity_row=row_values(activity, now), definition=proposal.definition(activity),
        day=local_day(now), at=now, person_key=proposal.device_person(station.signer.device_id),
    )
    return activity
