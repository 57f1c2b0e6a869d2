"""Designated helper activities (担い手活動) as the guideline defines them (III-2-4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

# Japan keeps one offset all year; a fixed zone avoids needing tzdata on Windows laptops.
JST = timezone(timedelta(hours=9), "JST")


class ActivityKind(StrEnum):
    DESIGNATED_PROJECT = "designated_project"  # 指定事業: イベント運営, 農業ボランティア, 清掃, 雪下ろし, 草刈り
    DESIGNATED_SIDE_JOB = "designated_side_job"  # 指定副業: 地域活性化起業人, ふるさとワーキングホリデー
    PUBLIC_INTEREST_BODY = "public_interest_body"  # 公益的団体での活動: RMO, 自治会, NPO, 消防団
    PUBLIC_ROLE = "public_role"  # 公的役割: 観光PR大使, 審議会委員, アドバイザー


def parse_instant(text: str) -> datetime:
    """ISO 8601; a time without an offset is Japan time, as a coordinator would mean it."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=JST)


def local_day(at: datetime) -> date:
    """The calendar day an attendance belongs to is the day in Japan, whatever the laptop's zone."""
    return at.astimezone(JST).date()


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    kind: ActivityKind
    designating_lg: str
    venue_lg: str
    starts_at: datetime
    ends_at: datetime
    content: str = ""
    place: str = ""
    source: str = "local"
    # With the local government: "designated", or for one made at a station "proposed"/"refused"
    # (furusato/activity_proposal.py). Only a designated activity counts toward premium.
    status: str = "designated"
    status_note: str = ""

    @property
    def counts(self) -> bool:
        return self.status == "designated"

    @property
    def multi_day(self) -> bool:
        return local_day(self.ends_at) > local_day(self.starts_at)

    def is_open(self, at: datetime) -> bool:
        return self.starts_at <= at <= self.ends_at

    def days(self) -> list[date]:
        first, last = local_day(self.starts_at), local_day(self.ends_at)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "kind": str(self.kind),
            "designating_lg": self.designating_lg,
            "venue": self.venue_lg,
            "place": self.place,
            "content": self.content,
            "start": self.starts_at.isoformat(),
            "end": self.ends_at.isoformat(),
            "multi_day": self.multi_day,
            "status": self.status,
        }
