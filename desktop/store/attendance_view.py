"""Reading check-ins, for the attendance list, the check-in page and the CSV export.

Everything here is sized by what is asked for, not by the ledger: a page of the list is a range of
`ix_attendance_activity_day_entry` (LIMIT and keyset, never OFFSET), counts come from the
`attendance_counts` rows the triggers keep, a search reads the rows of its tokens in the keyed
index of the details (desktop/store/search_index.py), and a row's details are unsealed only when
someone reads them (`AttendanceRow.details`) — for the list, that is the rows Qt paints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from desktop.store.ledger import Ledger
from desktop.store.search_index import Hits, entry_ord

PAGE = 200

Opener = Callable[[str, str], dict | None]  # (sealed text, record id) → details


def display_name(name: str | None, person_key: str) -> str:
    """The name, or for a card without one the start of its pseudonymous subject id."""
    if name:
        return name
    return person_key.split(":", 1)[1][:12] if person_key.startswith("card:") else ""


_UNREAD = object()


class AttendanceRow:
    """One row of the projection. Its personal details are given (`details`), or opened from the
    sealed text on first read (`sealed` + `opener`: what the list does, so that only rows someone
    reads are unsealed), or absent."""

    __slots__ = ("record_id", "activity_id", "day", "person_key", "entry_at", "exit_at", "status", "changed_by",
                 "reason", "seq", "_details", "_sealed", "_opener")

    def __init__(self, record_id: str, activity_id: str, day: str, person_key: str, entry_at: str,
                 exit_at: str | None, status: str, changed_by: str | None, reason: str | None, seq: int = 0,
                 *, details: dict[str, Any] | None = None, sealed: str | None = None, opener: Opener | None = None):
        self.record_id, self.activity_id, self.day, self.person_key = record_id, activity_id, day, person_key
        self.entry_at, self.exit_at, self.status = entry_at, exit_at, status
        self.changed_by, self.reason = changed_by, reason
        self.seq = seq  # the ledger seq of the record this row is (its check-in or correction)
        self._details = _UNREAD if details is None and sealed is not None and opener is not None else details
        self._sealed, self._opener = sealed, opener

    def __repr__(self) -> str:  # never the details
        return f"AttendanceRow(record_id={self.record_id!r}, day={self.day!r}, status={self.status!r})"

    @property
    def details(self) -> dict[str, Any] | None:
        if self._details is _UNREAD:
            self._details = self._opener(self._sealed, self.record_id)
        return self._details

    @property
    def is_card(self) -> bool:
        return self.person_key.startswith("card:")

    @property
    def display_name(self) -> str:
        return display_name((self.details or {}).get("name"), self.person_key)


@dataclass(frozen=True)
class AttendanceQuery:
    """What the list shows: one activity (or all), one day (or all), a search, in entry order
    (oldest or newest first). The order is the one the indexes keep: another (by status, by exit)
    would sort every row of the activity at each page, a third of a second at 100,000 records.

    A search needs the activity: the index is kept per activity."""

    activity_id: str | None = None
    day: str | None = None
    search: str = ""
    descending: bool = False

    def __post_init__(self) -> None:
        if self.search.strip() and self.activity_id is None:
            raise ValueError("a search is within one activity")


def sort_key(row: AttendanceRow, query: AttendanceQuery) -> tuple:
    """The keyset a page following `row` starts after: (day, entry time, record id) in the list's
    index, or (entry microseconds, seq) in the search index's own order."""
    if query.search.strip():
        return (entry_ord(row.entry_at), row.seq)
    return (row.day, row.entry_at, row.record_id)


_COLUMNS = ("record_id", "activity_id", "day", "person_key", "entry_at", "exit_at", "status", "changed_by", "reason")
_SELECT = f"{', '.join('a.' + c for c in _COLUMNS)}, l.seq"
_PAGE = ", ".join(f"page.{c}" for c in (*_COLUMNS, "seq"))
_WITH_DETAILS = "LEFT JOIN personal_details p ON p.record_id = page.record_id"


class AttendanceView:
    def __init__(self, engine: Engine, ledger: Ledger):
        self._engine = engine
        self._ledger = ledger

    def _rows(self, found, with_details: bool) -> list[AttendanceRow]:
        opener = self._ledger.unseal if with_details else None
        return [AttendanceRow(*r[:10], sealed=r[10], opener=opener) for r in found]

    # --- the list ---------------------------------------------------------------------------------

    def _hits(self, conn, query: AttendanceQuery) -> Hits | None:
        if not query.search.strip() or self._ledger.search is None:
            return None
        hits = Hits(conn, self._ledger.search, query.activity_id, query.search)
        return hits if hits else None  # nothing searchable typed yet: the whole list

    def page(self, query: AttendanceQuery, after: Sequence | None = None, limit: int = PAGE,
             *, with_details: bool = True) -> list[AttendanceRow]:
        """Up to `limit` rows in the query's order, starting after the row whose keyset is `after`."""
        direction = " DESC" if query.descending else ""
        with self._engine.connect() as conn:
            hits = self._hits(conn, query)
            if hits is not None:
                sql, params = hits.page_sql(day=query.day, after=after, descending=query.descending, limit=limit)
                # The page's seqs come from the index alone; only they are joined to their rows.
                found = conn.exec_driver_sql(
                    f"SELECT {_PAGE}, p.details FROM (SELECT {_SELECT}, h.ord FROM ({sql}) h "
                    "CROSS JOIN ledger l ON l.seq = h.seq CROSS JOIN attendance a ON a.record_id = l.record_id) "
                    f"page {_WITH_DETAILS} ORDER BY page.ord{direction}, page.seq{direction}", tuple(params)).all()
                return self._rows(found, with_details)
            where, params = [], []
            for column, value in (("a.activity_id", query.activity_id), ("a.day", query.day)):
                if value is not None:
                    where.append(f"{column} = ?")
                    params.append(value)
            if after is not None:
                where.append(f"(a.day, a.entry_at, a.record_id) {'<' if query.descending else '>'} (?, ?, ?)")
                params.extend(after)
            order = ", ".join(f"{{t}}.{c}{direction}" for c in ("day", "entry_at", "record_id"))
            # Details are joined to the page only: joined before the LIMIT, every row's blob would be read.
            found = conn.exec_driver_sql(
                f"SELECT {_PAGE}, p.details FROM (SELECT {_SELECT} FROM attendance a "
                f"JOIN ledger l ON l.record_id = a.record_id{' WHERE ' + ' AND '.join(where) if where else ''} "
                f"ORDER BY {order.format(t='a')} LIMIT ?) page {_WITH_DETAILS} ORDER BY {order.format(t='page')}",
                (*params, limit)).all()
        return self._rows(found, with_details)

    def count(self, query: AttendanceQuery) -> int:
        """How many rows the query shows (all statuses), without reading them."""
        with self._engine.connect() as conn:
            hits = self._hits(conn, query)
            if hits is not None:
                sql, params = hits.all_sql(day=query.day)
                return conn.exec_driver_sql(f"SELECT count(*) FROM ({sql})", tuple(params)).scalar_one()
            # No search: the counters kept by the triggers, a row per (activity, day).
            where, params = [], []
            for column, value in (("activity_id", query.activity_id), ("day", query.day)):
                if value is not None:
                    where.append(f"{column} = ?")
                    params.append(value)
            sql = "SELECT coalesce(sum(total), 0) FROM attendance_counts" + (
                " WHERE " + " AND ".join(where) if where else "")
            return conn.exec_driver_sql(sql, tuple(params)).scalar_one()

    def iter_rows(self, query: AttendanceQuery, *, with_details: bool = True, batch: int = 1000) -> Iterator[AttendanceRow]:
        """Every row of the query, a page at a time (the CSV export streams these)."""
        after = None
        while True:
            rows = self.page(query, after, batch, with_details=with_details)
            yield from rows
            if len(rows) < batch:
                return
            after = sort_key(rows[-1], query)

    def rows(self, activity_id: str | None = None, day: str | None = None, *,
             with_details: bool = True) -> list[AttendanceRow]:
        return list(self.iter_rows(AttendanceQuery(activity_id, day), with_details=with_details))

    def row(self, record_id: str, *, with_details: bool = True) -> AttendanceRow | None:
        sql = (f"SELECT {_PAGE}, p.details FROM (SELECT {_SELECT} FROM attendance a "
               f"JOIN ledger l ON l.record_id = a.record_id WHERE a.record_id = ?) page {_WITH_DETAILS}")
        with self._engine.connect() as conn:
            found = conn.exec_driver_sql(sql, (record_id,)).all()
        return next(iter(self._rows(found, with_details)), None)

    # --- the check-in page ------------------------------------------------------------------------

    def active_count(self, activity_id: str, day: str | None = None) -> int:
        sql = "SELECT coalesce(sum(active), 0) FROM attendance_counts WHERE activity_id = ?"
        params: tuple[str, ...] = (activity_id,)
        if day is not None:
            sql, params = sql + " AND day = ?", (activity_id, day)
        with self._engine.connect() as conn:
            return conn.exec_driver_sql(sql, params).scalar_one()

    def recent(self, activity_id: str, day: str, limit: int, *, with_details: bool = True) -> list[AttendanceRow]:
        """The day's latest active check-ins, newest first (equal times: the later record first)."""
        sql = (f"SELECT {_PAGE}, p.details FROM (SELECT {_SELECT} FROM attendance a "
               "JOIN ledger l ON l.record_id = a.record_id "
               "WHERE a.activity_id = ? AND a.day = ? AND a.status = 'active' "
               f"ORDER BY a.entry_at DESC, l.seq DESC LIMIT ?) page {_WITH_DETAILS} "
               "ORDER BY page.entry_at DESC, page.seq DESC")
        with self._engine.connect() as conn:
            found = conn.exec_driver_sql(sql, (activity_id, day, limit)).all()
        return self._rows(found, with_details)
