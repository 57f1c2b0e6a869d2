"""The central's figure for a card holder: `GET /v1/eligibility?person=card:<sub>&lg=<code>&as_of=<day>`.

Only `count` and `required` of the answer (CONTRACTS §4) are used: the verdict and its reasons
(residence, My Number check, …) are the local government's business, not a check-in screen's.

The answer is asked for only once none of the person's records on this station wait in the
outbox: the central cannot count what it has not received, and a figure fetched the moment after
a check-in — before the sync worker has uploaded it — would show one less than the station's own
("2/3" replaced by "1/3"). The background sync uploads a new record within a moment of a check-in
when the central is reachable; when it does not, the station's figure stays.

One `CentralClient` (the station's TLS/CA settings, see `enrollment.client_for`) is kept between
calls so a queue of check-ins reuses one connection; it is used from one thread at a time. Each
request is signed by the station's device key (`client.DeviceCredential`): the central answers
person-level questions to enrolled, active stations only, about their own local government. The
token's time is the central's as last measured (`clock.central_now`: this clock corrected by the
skew the sync saw), so a laptop whose clock is minutes off is still answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select

from desktop.progress import CENTRAL, Progress, is_card
from desktop.store.tables import ledger, outbox
from desktop.sync.client import CentralClient, DeviceCredential
from desktop.sync.clock import central_now
from desktop.sync.enrollment import META_CA_FILE, META_LG, META_SERVER, client_for
from desktop.sync.errors import BadResponse, NotEnrolled

# (connect, read) seconds: a person is standing at the table; a late figure is no figure.
TIMEOUT = (1.0, 1.0)
SYNC_WAIT = 4.0  # seconds to wait for the person's records to reach the central
SYNC_POLL = (0.1, 0.5)  # first and longest pause between looks at the outbox (doubling)

_UNSYNCED = (
    select(func.count())
    .select_from(outbox.join(ledger, ledger.c.seq == outbox.c.seq))
    .where(outbox.c.state == "pending", ledger.c.person_key == bindparam("person"))
)


def unsynced(engine, person: str) -> int:
    """The person's records still waiting in the outbox (the pending rows are few: an index walk)."""
    with engine.connect() as conn:
        return conn.execute(_UNSYNCED, {"person": person}).scalar_one()


def parse_answer(answer: Any, person: str, lg: str, as_of: date) -> Progress:
    """The §4 output object in, a Progress out; BadResponse for anything else."""
    if not isinstance(answer, dict):
        raise BadResponse("eligibility answer is not an object")
    count, required = answer.get("count"), answer.get("required")
    if answer.get("target") != lg:
        raise BadResponse("eligibility answer is for another local government")
    if not _whole(count) or not _whole(required) or required < 1:
        raise BadResponse("eligibility answer has no usable count and required")
    return Progress(person=person, lg=lg, as_of=as_of, count=count, required=required, source=CENTRAL)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class CentralProgress:
    """Asks the central for card holders' figures on behalf of one station."""

    def __init__(self, station, *, timeout=TIMEOUT, sync_wait: float = SYNC_WAIT,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time):
        """`clock` paces the wait for uploads; `wall_clock` is this laptop's time (tests give it a wrong one)."""
        self.station = station
        self.timeout = timeout
        self.sync_wait = sync_wait
        self._sleep, self._clock, self._wall_clock = sleep, clock, wall_clock
        self._client: CentralClient | None = None
        self._client_for: tuple[str, str | None] | None = None

    def target(self) -> str | None:
        """The local government to ask about, or None when this station has no central to ask."""
        meta = self.station.meta
        if not meta.get(META_SERVER):
            return None
        return meta.get(META_LG)

    def wait_synced(self, person: str, still_wanted: Callable[[], bool] = lambda: True) -> bool:
        """True once none of the person's records are pending; False after `sync_wait` seconds or
        when `still_wanted()` turns False (another person has scanned meanwhile)."""
        deadline = self._clock() + self.sync_wait
        pause, longest = SYNC_POLL
        while unsynced(self.station.engine, person):
            left = deadline - self._clock()
            if not still_wanted() or left <= 0:
                return False
            self._sleep(min(pause, left))
            pause = min(pause * 2, longest)
        return True

    def fetch(self, person: str, as_of: date) -> Progress:
        """The central's figure. Raises a SyncError on failure: TransientError (unreachable, timeout,
        5xx), TLSError, Refused (404 unknown_person, 409 person_incomplete, 401 unauthenticated,
        403 device_revoked, …), BadResponse, NotEnrolled; ValueError for a person the central cannot
        know (hand-recorded)."""
        if not is_card(person):
            raise ValueError("only card holders are known to the central")
        lg = self.target()
        if not lg:
            raise NotEnrolled("this station has no central to ask")
        answer = self._connection().get(
            "/v1/eligibility", params={"person": person, "lg": lg, "as_of": as_of.isoformat()},
            device=DeviceCredential(self.station.signer.device_id, self.station.signing_key),
            token_time=central_now(self.station.meta, self._wall_clock()),
        )
        return parse_answer(answer, person, lg, as_of)

    def _connection(self) -> CentralClient:
        """The kept client, made anew when the server or its CA file has changed (a re-enrolment)."""
        meta = self.station.meta
        wanted = (meta.get(META_SERVER), meta.get(META_CA_FILE))
        if self._client is None or self._client_for != wanted:
            self.close()
            self._client = client_for(self.station, timeout=self.timeout)
            self._client_for = wanted
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None
