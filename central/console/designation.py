"""Deciding on what stations proposed (III-2-4), as the console asks it: who may decide, which
decision an activity still allows, and where a station-made activity came from.

The decisions themselves are central/proposed_activities.py's (designate / refuse /
designate_station), the same the command line makes. The local government that decides on a
station's activities is the station's own (the central sets it as their designating local
government): a prefecture's user reads the proposals of the municipalities inside it but does not
decide them (403), as with their applications and activities.

- 提案中 (proposed): 指定する or 指定しない (with a reason the station shows).
- 指定されず (refused): 指定する still — a local government may change its mind; the records were kept.
- 指定済み (designated): no decision here; its attendance counts and undoing that is not a console
  action (people may already hold premium on it).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central.console.accounts import User
from central.store.tables import devices
from furusato.activity_proposal import DESIGNATED, PROPOSED, REFUSED

DESIGNATE, REFUSE = "designate", "refuse"
WHOLE_NOTE = "designated_whole"  # proposed_activities' decision note for a station designated as a whole
REASON_MAX = 500  # proposed_activities.refuse's own limit


def decisions(user: User, activity: dict[str, Any]) -> tuple[str, ...]:
    """What `user` may still decide on `activity` (an activity_pages.activity_view)."""
    if not user.may_change or not activity.get("proposed_by") or activity["designating_lg"] != user.lg_code:
        return ()
    return {PROPOSED: (DESIGNATE, REFUSE), REFUSED: (DESIGNATE,)}.get(activity["status"], ())


def decides_here(user: User, activity: dict[str, Any]) -> bool:
    """The user's local government is the one that decides (their role aside)."""
    return bool(activity.get("proposed_by")) and activity["designating_lg"] == user.lg_code


def reason_problem(reason: str) -> str | None:
    """A FIELD_REASONS code when the refusal's reason cannot be sent to the station, else None."""
    if not reason:
        return "required"
    if len(reason) > REASON_MAX:
        return "too_long"
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\r\t" for c in reason):
        return "invalid"
    return None


def station_labels(conn: Connection, device_ids: set[str]) -> dict[str, str]:
    ids = sorted(device_ids)
    labels: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        labels.update((r.id, r.label or r.id) for r in conn.execute(
            select(devices.c.id, devices.c.label).where(devices.c.id.in_(ids[i:i + 500]))))
    return labels


def origin(conn: Connection, activity: dict[str, Any]) -> dict[str, Any] | None:
    """The station a station-made activity came from, and how it was designated; None otherwise."""
    device_id = activity.get("proposed_by")
    if not device_id:
        return None
    row = conn.execute(select(devices.c.label, devices.c.designated_whole, devices.c.status)
                       .where(devices.c.id == device_id)).first()
    return {
        "device_id": device_id, "label": (row.label if row else "") or device_id,
        "station_whole": bool(row and row.designated_whole), "station_status": row.status if row else None,
        "by_whole": activity["status"] == DESIGNATED and activity.get("status_note") == WHOLE_NOTE,
    }

