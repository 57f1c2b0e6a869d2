"""A person's premium registrations: granting them on approval and lapsing them (DOMAIN rule 5).

`persons.premium` holds the live registrations in the shape of CONTRACTS §4, `[{"lg", "expires"}]`,
one per local government. A registration is valid through its `expires` day; once a day of
evaluation is past it, the registration is lapsed and `lapse_person` moves it to `premium_history`,
so the list — and the cap of three (II-4-6) — holds live registrations only. The engine ignores a
lapsed row anyway; moving it keeps the list honest for everything else that reads it.

Callers hold the person's row locked (`lock_person`) for the whole action, in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from central import clock
from central.store.tables import applications, persons, premium_history


def lock_person(conn: Connection, sub: str):
    """The person's row, locked until the transaction ends (PostgreSQL; SQLite writes are serialised)."""
    return conn.execute(select(persons).where(persons.c.sub == sub).with_for_update()).first()


def _expired(entry: Any, as_of: date) -> bool:
    try:
        return date.fromisoformat(entry["expires"]) < as_of
    except (TypeError, KeyError, ValueError):
        return False  # not ours to judge: the engine refuses a malformed row with the field named


def lapse_person(conn: Connection, sub: str, premium: list, as_of: date,
                 only: Collection[str] | None = None) -> tuple[list, list]:
    """Move the registrations expired before `as_of` (of the local governments `only`, when given) to
    the history → (live ones, lapsed ones)."""
    premium = list(premium or [])

    def lapses(entry: Any) -> bool:
        return _expired(entry, as_of) and (only is None or entry.get("lg") in only)

    lapsed = [entry for entry in premium if lapses(entry)]
    if not lapsed:
        return premium, []
    live = [entry for entry in premium if not lapses(entry)]
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


def lapse_for(conn: Connection, lgs: Collection[str], as_of: date) -> dict[str, Any]:
    """The staff console's lapse: only registrations for `lgs` (a local government's area), of the
    people who applied there (every registration is granted through an application)."""
    applicants = select(applications.c.person).where(applications.c.lg_code.in_(list(lgs)))
    rows = conn.execute(select(persons.c.sub, persons.c.premium).where(persons.c.sub.in_(applicants))
                        .order_by(persons.c.sub).with_for_update()).all()
    lapsed: list[dict[str, Any]] = []
    for row in rows:
        lapsed += lapse_person(conn, row.sub, row.premium, as_of, only=set(lgs))[1]
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
