"""The central's notion of now: ISO 8601 text in UTC with an offset, as stored and sent."""

from __future__ import annotations

from datetime import UTC, date, datetime

from furusato.activity import JST


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The calendar day in Japan: the default day of every judgement and action."""
    return datetime.now(JST).date()


def iso(moment: datetime | None = None) -> str:
    return (moment or now()).astimezone(UTC).isoformat(timespec="seconds")


def parse(text: str) -> datetime:
    """An ISO 8601 date-time (no offset: UTC). ValueError for anything else, including instants
    that cannot be expressed in UTC (year 1 with a positive offset, 9999 with a negative one)."""
    if not isinstance(text, str) or len(text) > 64:
        raise ValueError("not an ISO 8601 date-time")
    value = datetime.fromisoformat(text)
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("date-time out of range") from None
    return value
