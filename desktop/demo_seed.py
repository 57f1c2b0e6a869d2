"""The embedded demo: a snowy municipality and a few activities around today, so a newcomer's
first start shows a working station without any server."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desktop.store.activities import ActivityStore
from desktop.store.station_meta import StationMeta
from furusato.activity import JST, Activity, ActivityKind

DEMO_LG = "152102"  # 新潟県十日町市: heavy snow, terraced rice fields, an art festival
DEMO_PREFECTURE = "150002"  # 新潟県


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), JST)


def demo_activities(today: date) -> list[Activity]:
    tomorrow, next_week = today + timedelta(days=1), today + timedelta(days=7)
    return [
        Activity(
            id="demo-yukioroshi",
            title="雪下ろしボランティア（松代地区）",
            kind=ActivityKind.DESIGNATED_PROJECT,
            designating_lg=DEMO_LG,
            venue_lg=DEMO_LG,
            starts_at=_at(today, 5),
            ends_at=_at(today + timedelta(days=2), 17),
            content="高齢者世帯の屋根の雪下ろしと玄関先の除雪",
            place="松代地区公民館 集合",
            source="demo",
        ),
        Activity(
            id="demo-kusakari",
            title="棚田の草刈り",
            kind=ActivityKind.DESIGNATED_PROJECT,
            designating_lg=DEMO_LG,
            venue_lg=DEMO_LG,
            starts_at=_at(tomorrow, 8),
            ends_at=_at(tomorrow, 12),
            content="星峠の棚田の畦の草刈り",
            place="星峠 駐車場",
            source="demo",
        ),
        Activity(
            id="demo-jichikai",
            title="松之山自治会 定例会",
            kind=ActivityKind.PUBLIC_INTEREST_BODY,
            designating_lg=DEMO_LG,
            venue_lg=DEMO_LG,
            starts_at=_at(today, 0),
            ends_at=_at(today, 23, 59),
            content="冬季の見回り当番の打合せ",
            place="松之山 集会所",
            source="demo",
        ),
        Activity(
            id="demo-matsuri",
            title="雪まつり 運営スタッフ",
            kind=ActivityKind.DESIGNATED_PROJECT,
            designating_lg=DEMO_PREFECTURE,
            venue_lg=DEMO_LG,
            starts_at=_at(next_week, 9),
            ends_at=_at(next_week + timedelta(days=2), 21),
            content="会場設営・案内・片付け",
            place="十日町市 城ケ丘ふれあい広場",
            source="demo",
        ),
    ]


def seed_once(meta: StationMeta, activities: ActivityStore, today: date) -> bool:
    """Seed on the first start only; a coordinator who deletes demo data never sees it come back."""
    if meta.get("demo_seeded"):
        return False
    for activity in demo_activities(today):
        activities.upsert(activity)
    meta.set("demo_seeded", today.isoformat())
    meta.set_if_absent("local_government", DEMO_LG)
    return True
