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
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
