"""Is this laptop's clock right? Compared with the central's `server_time` on every answer.

The last skew measured is kept in station meta (`remember`) so that what must agree with the
central's clock — the short-lived device tokens of person-level reads — can use the central's
time instead of this laptop's (`central_now`): field laptops' clocks are often minutes off, and the
central allows only 60 s.
"""

from __future__ import annotations

import math
import time
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


META_SKEW = "clock_skew_seconds"  # the last measured ClockCheck.skew_seconds, as text


def remember(meta, found: ClockCheck | None) -> None:
    """Keep the skew of the latest answer (no answer with a server_time: keep the previous one)."""
    if found is not None:
        meta.set(META_SKEW, repr(found.skew_seconds))


def known_skew(meta) -> float | None:
    """The last skew measured against the central (local minus server, seconds); None if never."""
    try:
        skew = float(meta.get(META_SKEW) or "")
    except ValueError:
        return None
    return skew if math.isfinite(skew) else None


def central_now(meta, local_now: float | None = None) -> float:
    """The central's time as best known: this clock (`time.time()` by default) corrected by the
    last skew measured; this clock alone when none was."""
    local = time.time() if local_now is None else local_now
    return local - (known_skew(meta) or 0.0)
