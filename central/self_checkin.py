"""The participant's own check-in (II-4-2): their phone read the activity's QR code.

The national app sends the participant's card token and the activity code it scanned
(`POST /v1/self-checkins`, `furusato-central self-checkin`). The card is checked as a station checks
it (platform keys, revocation, validity window); the activity code against the enrolled key of the
station that made it (its `iss`/`kid`), within the activity's window with the same clock tolerance.
What stands becomes evidence of kind `self` for the attendance (person, activity, day), counted once
with any station record of the same attendance (central/person_eligibility.py).

The phone's time (`at`) decides the window and the day: a phone offline at a mountain site may send
later. It is trusted only within bounds — not ahead of the central's clock beyond the tolerance, not
older than MAX_DELAY — so a stale code cannot be replayed weeks after the activity.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import admin, clock, platform_keys
from central.store.db import insert_missing
from central.store.tables import activities, attendance, attendance_evidence, devices, self_checkins
from furusato.activity import JST, local_day, parse_instant
from furusato.activity_token import verify_activity_code
from furusato.card_token import SKEW_SECONDS, verify_card
from furusato.keys import KeySet, KeySetError
from furusato.outcomes import VALID, Outcome

MAX_TOKEN_LENGTH = 4096
MAX_DELAY = timedelta(days=7)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _refused(outcome: str, **extra: Any) -> dict[str, Any]:
    return {"outcome": str(outcome), "recorded": False, **extra}


def _invalid(field: str, error: str) -> dict[str, Any]:
    return _refused(Outcome.INVALID_INPUT, fields=[field], error=error)


def _when(at: Any, now: datetime) -> datetime | dict[str, Any]:
    if at is None:
        return now
    if not isinstance(at, str) or len(at) > 64:
        return _invalid("at", "at must be an ISO 8601 date-time")
    try:
        when = parse_instant(at)
    except (ValueError, OverflowError):
        return _invalid("at", "at must be an ISO 8601 date-time")
    if when > now + timedelta(seconds=SKEW_SECONDS):
        return _invalid("at", "at is ahead of the central's clock")
    if when < now - MAX_DELAY:
        return _invalid("at", f"a self check-in is sent within {MAX_DELAY.days} days")
    return when


def _issuer(token: str) -> str | None:
    """The `iss` an activity code claims, read before its signature is checked (to find the key)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(_b64url(payload))
    except (IndexError, ValueError, UnicodeDecodeError):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) and 0 < len(issuer) <= 100 else None


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class RateLimited(Exception):
    """Too many self check-ins with one card in a short time (the HTTP face answers 429)."""


def self_checkin(conn: Connection, card: Any, activity_token: Any, at: Any = None,
                 *, now: datetime | None = None, admit: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """One outcome of CONTRACTS §2 for the pair; writes the evidence when it stands. `admit(sub)` is
    asked once the card verifies (its subject is then not a guess) and may refuse with RateLimited."""
    now = now or clock.now()
    for name, value in (("card", card), ("activity", activity_token)):
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TOKEN_LENGTH:
            return _invalid(name, f"{name} must be a token of at most {MAX_TOKEN_LENGTH} characters")
    card, activity_token = card.strip(), activity_token.strip()
    when = _when(at, now)
    if isinstance(when, dict):
        return when
    instant = when.timestamp()

    trusted = KeySet.from_jwks(platform_keys.public_jwks(conn))
    revoked = frozenset(admin.revocations(conn)["subjects"])
    card_check = verify_card(card, trusted, revoked, now=instant)
    if card_check.outcome != VALID:
        return _refused(card_check.outcome, token="card")
    if admit is not None and not admit(card_check.claims["sub"]):
        raise RateLimited(card_check.claims["sub"])

    # Unreadable and wrong-type codes are told as such before their issuer is looked up (the check
    # order of furusato/card_token.py); only then is the station's key found by the claimed `iss`.
    shape = verify_activity_code(activity_token, KeySet(), now=instant)
    if shape.outcome != Outcome.UNKNOWN_KEY:
        return _refused(shape.outcome, token="activity")
    issuer = _issuer(activity_token)
    if issuer is None:
        return _refused(Outcome.UNREADABLE, token="activity")
    device = conn.execute(select(devices).where(devices.c.id == issuer)).first()
    if device is None or device.status != "active":
        return _refused(Outcome.UNKNOWN_KEY, token="activity")  # no station of ours made it, or one revoked
    try:
        station_key = KeySet.from_jwks({"keys": [device.public_jwk]})
    except KeySetError:
        return _refused(Outcome.UNKNOWN_KEY, token="activity")
    code_check = verify_activity_code(activity_token, station_key, now=instant)
    if code_check.outcome != VALID:
        return _refused(code_check.outcome, token="activity")

    claims = code_check.claims
    activity_id, person, day = claims["act"], f"card:{card_check.claims['sub']}", local_day(when).isoformat()
    flags = []
    known = conn.execute(select(activities).where(activities.c.id == activity_id)).first()
    if known is None:
        flags.append("unknown_activity")  # made offline and not synced yet: kept, counted once it arrives
    else:
        skew = timedelta(seconds=SKEW_SECONDS)
        if not parse_instant(known.starts_at) - skew <= when < parse_instant(known.ends_at) + skew:
            return _refused(Outcome.ACTIVITY_NOT_OPEN, token="activity")
        if known.venue != claims["lg"]:
            flags.append("venue_mismatch")

    self_id = f"self-{uuid.uuid4().hex}"
    insert_missing(conn, attendance, [{"person": person, "activity_id": activity_id, "day": day,
                                       "first_record_id": self_id}])
    attendance_id = conn.execute(select(attendance.c.id).where(
        attendance.c.person == person, attendance.c.activity_id == activity_id, attendance.c.day == day)).scalar_one()
    already = conn.execute(select(attendance_evidence.c.record_id).where(
        attendance_evidence.c.attendance_id == attendance_id, attendance_evidence.c.active.is_(True)).limit(1)).first()
    insert_missing(conn, self_checkins, [{
        "id": self_id, "attendance_id": attendance_id, "person": person, "activity_id": activity_id,
        "day": day, "at": when.astimezone(JST).isoformat(), "received_at": clock.iso(now), "device_id": issuer,
        "card_sha256": _digest(card), "activity_sha256": _digest(activity_token), "flags": flags,
    }])
    stored = conn.execute(select(self_checkins.c.id).where(
        self_checkins.c.person == person, self_checkins.c.activity_id == activity_id,
        self_checkins.c.day == day)).scalar_one()
    duplicate = stored != self_id or already is not None
    return {
        "outcome": str(Outcome.DUPLICATE if duplicate else Outcome.RECORDED),
        "recorded": stored == self_id,
        "id": stored,
        "activity": activity_id,
        "day": day,
        "flags": flags,
    }
