"""What the station takes from the central: the activity catalogue, platform keys, revocations."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from desktop import paths
from desktop.sync.errors import BadResponse
from furusato.activity import JST, Activity, ActivityKind, parse_instant
from furusato.activity_proposal import DESIGNATED, STATUSES
from furusato.keys import KeySet, KeySetError, save_jwks
from furusato.revocation import save_revoked

log = logging.getLogger(__name__)

META_ACTIVITIES_SINCE = "activities_pulled_at"


def activity_from_json(item: Any) -> Activity:
    """One catalogue entry (fields as `furusato-field activities`); ValueError if malformed."""
    if not isinstance(item, dict):
        raise ValueError("not an object")
    try:
        venue = str(item["venue"])
        activity = Activity(
            id=str(item["id"]),
            title=str(item["title"]),
            kind=ActivityKind(item["kind"]),
            designating_lg=str(item.get("designating_lg") or venue),
            venue_lg=venue,
            starts_at=parse_instant(item["start"]),
            ends_at=parse_instant(item["end"]),
            content=str(item.get("content") or ""),
            place=str(item.get("place") or ""),
            source="central",
            status=str(item.get("status") or DESIGNATED),
            status_note=str(item.get("status_note") or ""),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"missing or mistyped field: {exc}") from exc
    if not activity.id or len(activity.id) > 64 or len(venue) != 6 or not venue.isdigit():
        raise ValueError("bad id or venue code")
    if activity.ends_at < activity.starts_at:
        raise ValueError("ends before it starts")
    if activity.status not in STATUSES:
        raise ValueError(f"unknown status {activity.status!r}")
    return activity


def store_activities(station, items: Iterable[Any], now: datetime | None = None) -> int:
    """Upsert the valid entries; a malformed entry is logged and skipped, not fatal."""
    stored = 0
    for item in items:
        try:
            activity = activity_from_json(item)
        except ValueError as exc:
            log.warning("skipping a malformed activity from the central: %s", exc)
            continue
        station.activities.upsert(activity, now=now)
        stored += 1
    return stored


def store_keys(station, jwks: Any) -> None:
    try:
        KeySet.from_jwks(jwks)
    except KeySetError as exc:
        raise BadResponse(f"platform keys unusable: {exc}") from exc
    save_jwks(paths.trusted_keys_file(station.root), jwks)


def store_revocations(station, subjects: Any, updated_at: Any) -> None:
    if not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects):
        raise BadResponse("revocations: 'subjects' is not a list of strings")
    save_revoked(paths.revocations_file(station.root), subjects,
                 updated_at if isinstance(updated_at, str) else None)


def pull_all(station, client, call=lambda fn: fn()) -> dict[str, Any]:
    """Activities (since the last pull), keys and revocations; then the station re-reads its trust.

    `call` wraps each request (the backoff). Returns the last `server_time` seen and a count.
    """
    since = station.meta.get(META_ACTIVITIES_SINCE)
    answer = call(lambda: client.get("/v1/activities", params={"since": since} if since else None))
    items = answer.get("activities")
    if not isinstance(items, list):
        raise BadResponse("activities answer has no 'activities' list")
    keys = call(lambda: client.get("/v1/keys"))
    revocations = call(lambda: client.get("/v1/revocations"))
    # Validate everything before writing anything, so a half-garbage pull changes nothing.
    try:
        KeySet.from_jwks(keys)
    except KeySetError as exc:
        raise BadResponse(f"platform keys unusable: {exc}") from exc
    if not isinstance(revocations.get("subjects"), list):
        raise BadResponse("revocations answer has no 'subjects' list")
    count = store_activities(station, items)
    store_keys(station, keys)
    store_revocations(station, revocations["subjects"], revocations.get("updated_at"))
    station.reload_trust()
    server_time = revocations.get("server_time") or answer.get("server_time")
    if isinstance(answer.get("server_time"), str):
        station.meta.set(META_ACTIVITIES_SINCE, answer["server_time"])
    return {"activities": count, "server_time": server_time, "at": datetime.now(JST).isoformat()}
