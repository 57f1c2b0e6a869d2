"""The activity code (活動QR, CONTRACTS §1) this station shows for an activity, signed by its device key.

Participants' phones read it; the central checks it against this station's enrolled key
(`POST /v1/self-checkins`). Its window is the activity's own, so a poster printed today stays good
for the whole activity and no longer.
"""

from __future__ import annotations

import time

from furusato.activity import Activity
from furusato.activity_token import issue_activity_code


def activity_code(station, activity: Activity, *, now: float | None = None) -> str:
    return issue_activity_code(
        station.signing_key, device_id=station.signer.device_id, activity_id=activity.id, lg=activity.venue_lg,
        title=activity.title, nbf=int(activity.starts_at.timestamp()), exp=int(activity.ends_at.timestamp()),
        iat=int(time.time() if now is None else now),
    )
