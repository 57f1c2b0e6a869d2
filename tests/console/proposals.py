"""Activities proposed by stations, as they reach the central: an enrolled station (tests/central/
station_sim.py, its records signed and chained as desktop/store/ledger.py signs them) sends the
`activity` record of furusato/activity_proposal.py and check-ins at it over the real /v1/records."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from central import admin, person_eligibility
from furusato.activity import JST
from furusato.activity_proposal import device_person
from tests.central.station_sim import StationSim
from tests.console.conftest import CHIYODA, ConsoleCentral, send


def days_ago(n: int) -> date:
    return datetime.now(JST).date() - timedelta(days=n)


def propose(central: ConsoleCentral, station: StationSim, activity_id: str, title: str, *, venue: str,
            designating: str, day: date, kind: str = "public_interest_body") -> dict:
    """The station's `activity` record for a three-hour activity on `day`; returns the central's answer."""
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=JST)
    definition = {"title": title, "kind": kind, "content": "月例の集まり", "place": "集会所", "venue": venue,
                  "designating_lg": designating, "start": start.isoformat(),
                  "end": (start + timedelta(hours=3)).isoformat()}
    record = station.record(activity=activity_id, day=day.isoformat(), person=device_person(station.device_id),
                            record_type="activity", extra={"def": definition})
    [answer] = send(central, station, [record])
    assert answer["status"] == "accepted", answer
    return answer


def check_in_cards(central: ConsoleCentral, station: StationSim, activity_id: str, day: date,
                   subs: list[str], names: list[str] | None = None) -> None:
    """Card check-ins, each record carrying the card's display name as a station's does."""
    names = names or [f"参加者 {sub[-2:]}" for sub in subs]
    results = send(central, station, [station.record(activity=activity_id, day=day.isoformat(), person=f"card:{sub}",
                                                     details={"name": name}) for sub, name in zip(subs, names, strict=True)])
    assert all(r["status"] == "accepted" for r in results), results


def known_people(central: ConsoleCentral, subs: list[str]) -> None:
    """Card holders the central can judge (a residence elsewhere, My Number checked)."""
    with central.engine.begin() as conn:
        for sub in subs:
            admin.upsert_person(conn, sub, residence=CHIYODA, mynumber_verified=True)


def counts(central: ConsoleCentral, subs: list[str], lg: str) -> list[int]:
    """The eligibility engine's own count of each person towards `lg`."""
    with central.engine.connect() as conn:
        return [person_eligibility.eligibility(conn, f"card:{sub}", lg)["count"] for sub in subs]
