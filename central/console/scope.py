"""Whose records a console user reads: the area of their local government, as SQL conditions.

Every query of a page goes through these (IV-4-1's logically separated areas), so another local
government's people are never read, not merely hidden afterwards.

- A municipality M reads M. A prefecture P reads P and the municipalities inside it (II-3-1:
  市町村登録時の情報は都道府県も閲覧可能).
- An activity is in the area when a local government of the area designated it, or its venue is
  in the area (a ward's venue belongs to its city).
- A record is in the area when a station of the area sent it, or it is for an activity of the area.
- A person is in the area through their records in it, and only those records are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import ColumnElement, or_, select

from central.store.tables import activities, attendance, attendance_evidence, devices, records
from furusato import lgcodes


@dataclass(frozen=True)
class Area:
    lg: str  # the user's own local government
    is_prefecture: bool
    local_governments: tuple[str, ...]  # own, plus the prefecture's municipalities
    venues: tuple[str, ...]  # every code whose venue is in the area (wards included)


@cache
def area_of(lg_code: str) -> Area:
    lg = lgcodes.lookup(lg_code)
    if lg is None or lg.kind == "ward":
        raise ValueError(f"{lg_code} is not a local government")
    every = lgcodes.all_local_governments()
    if lg.kind == "prefecture":
        inside = tuple(x.code for x in every if x.prefecture_code == lg_code and x.code != lg_code)
        municipalities = tuple(x.code for x in every if x.prefecture_code == lg_code and x.kind == "municipality")
        return Area(lg_code, True, (lg_code, *municipalities), (lg_code, *inside))
    wards = tuple(x.code for x in every if x.city_code == lg_code)
    return Area(lg_code, False, (lg_code,), (lg_code, *wards))


def venue_choices(area: Area) -> list[lgcodes.LocalGovernment]:
    return [lgcodes.lookup(code) for code in area.venues]


def activity_in(area: Area) -> ColumnElement[bool]:
    return or_(activities.c.designating_lg.in_(area.local_governments), activities.c.venue.in_(area.venues))


def activity_ids(area: Area):
    return select(activities.c.id).where(activity_in(area))


def record_in(area: Area) -> ColumnElement[bool]:
    stations = select(devices.c.id).where(devices.c.lg_code.in_(area.local_governments))
    return or_(records.c.device_id.in_(stations), records.c.activity_id.in_(activity_ids(area)))


def attendance_ids(area: Area):
    """Attendance rows with at least one evidence record in the area."""
    return (select(attendance_evidence.c.attendance_id)
            .join(records, records.c.record_id == attendance_evidence.c.record_id)
            .where(record_in(area)))


def attendance_in(area: Area) -> ColumnElement[bool]:
    return attendance.c.id.in_(attendance_ids(area))
