"""Administration of the catalogue: local governments, activities, revocations, persons."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.store.tables import activities, devices, local_governments, persons, revoked_subjects
from furusato import lgcodes
from furusato.activity import ActivityKind, parse_instant
from furusato.card_token import SUB_PATTERN


class AdminError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field

    def to_json(self) -> dict[str, Any]:
        return {"error": str(self), "field": self.field}


def _lg(code: str, field: str) -> lgcodes.LocalGovernment:
    found = lgcodes.lookup(code) if isinstance(code, str) else None
    if found is None:
        raise AdminError(f"not a local-government code in the master: {code!r}", field)
    return found


def upsert_lg(
    conn: Connection, code: str, *, required: int = 3, consecutive_each: bool = False,
    long_stay_days: int | None = None, auto_approve: bool = False,
) -> dict[str, Any]:
    lg = _lg(code, "code")
    if lg.kind == "ward":
        raise AdminError(f"{code} is a ward of a designated city, not a local government", "code")
    if required < 3:
        raise AdminError("required may be raised above 3, never lowered (II-4-3)", "required")
    if long_stay_days is not None and long_stay_days < 1:
        raise AdminError("long_stay_days must be at least 1", "long_stay_days")
    values = {
        "name": lg.name, "required": required, "consecutive_days_each_count": consecutive_each,
        "long_stay_days": long_stay_days, "auto_approve": auto_approve,
    }
    if conn.execute(select(local_governments.c.code).where(local_governments.c.code == code)).first():
        conn.execute(update(local_governments).where(local_governments.c.code == code).values(**values))
    else:
        conn.execute(insert(local_governments).values(code=code, **values))
    return {"code": code, **values}


def settings(conn: Connection) -> dict[str, dict[str, Any]]:
    return {
        r.code: {
            "required": r.required,
            "consecutive_days_each_count": r.consecutive_days_each_count,
            "long_stay_days": r.long_stay_days,
        }
        for r in conn.execute(select(local_governments))
    }


def activity_json(row) -> dict[str, Any]:
    return {
        "id": row.id, "title": row.title, "kind": row.kind, "venue": row.venue,
        "designating_lg": row.designating_lg, "place": row.place, "content": row.content,
        "start": row.starts_at, "end": row.ends_at, "updated_at": row.updated_at,
        # Where it stands with the local government (central/proposed_activities.py).
        "status": row.status, "status_note": row.decision_note, "proposed_by": row.proposed_by,
    }


def upsert_activity(
    conn: Connection, *, id: str, title: str, kind: str, venue: str, start: str, end: str,
    designating: str | None = None, place: str = "", content: str = "",
) -> dict[str, Any]:
    if not id or len(id) > 100:
        raise AdminError("an activity id is 1–100 characters", "id")
    if not title.strip():
        raise AdminError("title is empty", "title")
    if kind not in {k.value for k in ActivityKind}:
        raise AdminError(f"kind must be one of {', '.join(k.value for k in ActivityKind)}", "kind")
    _lg(venue, "venue")
    designating = designating or venue
    designator = _lg(designating, "designating")
    if designator.kind == "ward":
        raise AdminError("a ward cannot designate activities (III-2-4)", "designating")
    try:
        starts, ends = parse_instant(start), parse_instant(end)
    except ValueError:
        raise AdminError("start and end must be ISO 8601", "start") from None
    if ends <= starts:
        raise AdminError("end must be after start", "end")
    values = {
        "title": title, "kind": kind, "venue": venue, "designating_lg": designating, "place": place,
        "content": content, "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
        "updated_at": clock.iso(),
    }
    if conn.execute(select(activities.c.id).where(activities.c.id == id)).first():
        conn.execute(update(activities).where(activities.c.id == id).values(**values))
    else:
        conn.execute(insert(activities).values(id=id, **values))
    return activity_json(conn.execute(select(activities).where(activities.c.id == id)).one())


def list_activities(conn: Connection, since: str | None = None) -> list[dict[str, Any]]:
    query = select(activities).order_by(activities.c.starts_at, activities.c.id)
    if since:
        query = query.where(activities.c.updated_at >= clock.iso(clock.parse(since)))
    return [activity_json(r) for r in conn.execute(query)]


def revoke_card(conn: Connection, sub: str) -> dict[str, Any]:
    if not isinstance(sub, str) or not SUB_PATTERN.fullmatch(sub):
        raise AdminError("sub is 8–64 characters of A-Z a-z 0-9 _ -", "sub")
    row = conn.execute(select(revoked_subjects).where(revoked_subjects.c.sub == sub)).first()
    if row is None:
        conn.execute(insert(revoked_subjects).values(sub=sub, revoked_at=clock.iso()))
        row = conn.execute(select(revoked_subjects).where(revoked_subjects.c.sub == sub)).one()
    return {"sub": sub, "revoked_at": row.revoked_at}


def revocations(conn: Connection) -> dict[str, Any]:
    rows = conn.execute(select(revoked_subjects).order_by(revoked_subjects.c.sub)).all()
    return {"subjects": [r.sub for r in rows], "updated_at": max((r.revoked_at for r in rows), default=None)}


def revoke_device(conn: Connection, device_id: str) -> dict[str, Any]:
    row = conn.execute(select(devices).where(devices.c.id == device_id)).first()
    if row is None:
        raise AdminError(f"unknown device {device_id!r}", "device")
    if row.status != "revoked":
        conn.execute(update(devices).where(devices.c.id == device_id).values(status="revoked", revoked_at=clock.iso()))
    return {"device": device_id, "status": "revoked"}


def upsert_person(
    conn: Connection, sub: str, *, residence: str | None = None, mynumber_verified: bool | None = None,
    minor: bool | None = None, guardian_consent: bool | None = None, premium: list | None = None,
) -> dict[str, Any]:
    if not SUB_PATTERN.fullmatch(sub):
        raise AdminError("sub is 8–64 characters of A-Z a-z 0-9 _ -", "sub")
    if residence is not None:
        _lg(residence, "residence")
    given = {
        k: v for k, v in {
            "residence": residence, "mynumber_verified": mynumber_verified, "minor": minor,
            "guardian_consent": guardian_consent, "premium": premium,
        }.items() if v is not None
    }
    row = conn.execute(select(persons).where(persons.c.sub == sub)).first()
    if row is None:
        base = {"residence": None, "mynumber_verified": False, "minor": False, "guardian_consent": False, "premium": []}
        conn.execute(insert(persons).values(sub=sub, **{**base, **given}))
    elif given:
        conn.execute(update(persons).where(persons.c.sub == sub).values(**given))
    row = conn.execute(select(persons).where(persons.c.sub == sub)).one()
    return {
        "sub": row.sub, "residence": row.residence, "mynumber_verified": row.mynumber_verified,
        "minor": row.minor, "guardian_consent": row.guardian_consent, "premium": row.premium,
    }
