"""A person's premium registrations: granting them on approval and lapsing them (DOMAIN rule 5).

`persons.premium` holds the live registrations in the shape of CONTRACTS §4, `[{"lg", "expires"}]`,
one per local government. A registration is valid through its `expires` day; once a day of
evaluation is past it, the registration is lapsed and `lapse_person` moves it to `premium_history`,
so the list — and the cap of three (II-4-6) — holds live registrations only. The engine ignores a
lapsed row anyway; moving it keeps the list honest for everything else that reads it.

Callers hold the person's row locked (`lock_person`) for the whole action, in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.store.tables import persons, premium_history


def lock_person(conn: Connection, sub: str):
    """The person's row, locked until the transaction ends (PostgreSQL; SQLite writes are serialised)."""
    return conn.execute(select(persons).where(persons.c.sub == sub).with_for_update()).first()


def _expired(entry: Any, as_of: date) -> bool:
    try:
        return date.fromisoformat(entry["expires"]) < as_of
    except (TypeError, KeyError, ValueError):
        return False  # not ours to judge: the engine refuses a malformed row with the field named


def lapse_person(conn: Connection, sub: str, premium: list, as_of: date) -> tuple[list, list]:
    """Move the registrations expired before `as_of` to the history → (live ones, lapsed ones)."""
    premium = list(premium or [])
    lapsed = [entry for entry in premium if _expired(entry, as_of)]
    if not lapsed:
        return premium, []
    live = [entry for entry in premium if not _expired(entry, as_of)]
    moved_at = clock.iso()
    conn.execute(insert(premium_history), [
        {"person": sub, "lg_code": str(entry["lg"]), "expires": entry["expires"], "lapsed_on": as_of.isoformat(),
         "moved_at": moved_at}
        for entry in lapsed
    ])
    conn.execute(update(persons).where(persons.c.sub == sub).values(premium=live))
    return live, [{"person": sub, "lg": entry["lg"], "expires": entry["expires"]} for entry in lapsed]


def lapse_all(conn: Connection, as_of: date) -> dict[str, Any]:
    """`furusato-central lapse`: every person's expired registrations, in one transaction."""
    rows = conn.execute(select(persons.c.sub, persons.c.premium).order_by(persons.c.sub).with_for_update()).all()
    lapsed: list[dict[str, Any]] = []
    for row in rows:
        lapsed += lapse_person(conn, row.sub, row.premium, as_of)[1]
    return {"as_of": as_of.isoformat(), "count": len(lapsed), "lapsed": lapsed}


def grant(conn: Connection, sub: str, premium: list, lg: str, expires: str) -> list:
    """Set the registration for `lg` to `expires` (new, or renewed in place) → the new list."""
    entry = {"lg": lg, "expires": expires}
    held, placed = [], False
    for old in premium or []:
        if old.get("lg") != lg:
            held.append(old)
        elif not placed:
            held.append(entry)  # a renewal keeps the registration's place in the list
            placed = True
    if not placed:
        held.append(entry)
    conn.execute(update(persons).where(persons.c.sub == sub).values(premium=held))
    return held


def history(conn: Connection, sub: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(premium_history).where(premium_history.c.person == sub).order_by(premium_history.c.id)
    ).all()
    return [{"lg": r.lg_code, "expires": r.expires, "lapsed_on": r.lapsed_on} for r in rows]
