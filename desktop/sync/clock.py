"""Is this laptop's clock right? Compared with the central's `server_time` on every answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from furusato.activity import JST

SKEW_LIMIT_SECONDS = 300.0


@dataclass(frozen=True)
class ClockCheck:
    skew_seconds: float  # local minus server; positive: this clock runs ahead
    off: bool            # more than 5 minutes either way: the UI shows a warning


def check(server_time: object, local_now: datetime | None = None) -> ClockCheck | None:
    """None when the answer carries no usable server_time (no news is not a verdict)."""
    if not isinstance(server_time, str):
        return None
    try:
        server = datetime.fromisoformat(server_time.replace("Z", "+00:00"))
    except ValueError:
        return None
    if server.tzinfo is None:
        return None
    local = local_now or datetime.now(JST)
    skew = (local - server).total_seconds()
    return ClockCheck(round(skew, 3), abs(skew) > SKEW_LIMIT_SECONDS)
