"""The keyed search index of the sealed personal details (table `details_search`).

Each piece of a record's name, kana, e-mail, phone and card subject (furusato/search_terms.py) is
stored as the first 32 bits of HMAC-SHA256, under a sub-key of the data key
(`DataKey.search_secret`), of the activity, the field and the piece — beside the check-in's entry
time in microseconds (`ord`) and the ledger seq of the record the details belong to. The attendance
list finds "山田" in an activity by reading the rows of 山田's tokens: they are already that
activity's, already in entry order, already countable, so a page of matches is a LIMIT over an
index range and the count a count of one — no blob is opened to search, and no attendance row is
read that does not match. Without the key the table is numbers; what it gives away is in
docs/SECURITY.md (equal pieces of one activity share a token, so their frequencies show).

Thirty-two bits tell apart the few thousand distinct pieces an activity holds (a stray match once
in ~10^6 lookups) and fit SQLite's 4-byte integer. New records are indexed in their check-in's
transaction (`Ledger`); records older than the index are indexed afterwards in the background,
newest first (`backfill_step`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.store.db import raw_write_transaction
from furusato.activity import JST
from furusato.search_terms import query_terms, record_pieces

BACKFILL_KEY = "search_backfill_below"  # station_meta: records below this seq still want indexing
BACKFILL_BATCH = 500

INSERT_SQL = "INSERT OR IGNORE INTO details_search (token, ord, seq) VALUES (?, ?, ?)"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def entry_ord(entry_at: datetime | str) -> int:
    """An entry time as exact integer microseconds since 1970 (the index's order)."""
    at = datetime.fromisoformat(entry_at) if isinstance(entry_at, str) else entry_at
    return (at - _EPOCH) // _MICROSECOND


def day_range(day: str) -> tuple[int, int]:
    """[first, after last) `ord` of a check-in day (a station's days are days in Japan)."""
    start = datetime.combine(date.fromisoformat(day), time(0), JST)
    return entry_ord(start), entry_ord(start + timedelta(days=1))


class SearchIndex:
    def __init__(self, secret: bytes):
        self._secret = bytes(secret)

    def token(self, activity_id: str, field: str, piece: str) -> int:
        mac = hmac.digest(self._secret, f"{activity_id}\x1f{field}\x1f{piece}".encode(), hashlib.sha256)
        return int.from_bytes(mac[:4], "big", signed=True)

    def rows(self, details: Mapping[str, Any] | None, person_key: str, activity_id: str,
             entry_at: datetime | str, seq: int) -> list[tuple[int, int, int]]:
        """The index rows (token, ord, seq) of a record carrying `details` for a check-in."""
        if details is None:
            return []
        ord_ = entry_ord(entry_at)
        return [(token, ord_, seq) for token in
                {self.token(activity_id, f, p) for f, p in record_pieces(details, person_key)}]

    def alternatives(self, activity_id: str, text: str) -> list[list[list[int]]]:
        """Per search term, its alternatives (one per field); each alternative: tokens all needed."""
        return [[sorted({self.token(activity_id, field, p) for p in wanted}) for field, wanted in term.items()]
                for _word, term in query_terms(text)]


class Hits:
    """The (ord, seq) of the records of one activity matching a search, as SQL over the index.

    Per alternative, the rows of one token drive (the rarest, when several) and the others are
    probed on the primary key; the other terms are probed the same way. Driving rows come in index
    order, so alternatives merge in order and a LIMIT stops early.
    """

    def __init__(self, db, index: SearchIndex, activity_id: str, text: str):
        self.terms = index.alternatives(activity_id, text)
        self._db = db
        self._sizes: dict[int, int] = {}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def _size(self, token: int) -> int:
        if token not in self._sizes:
            self._sizes[token] = self._db.exec_driver_sql(
                "SELECT count(*) FROM details_search WHERE token = ?", (token,)).scalar_one()
        return self._sizes[token]

    @staticmethod
    def _probe(tokens: Sequence[int], params: list[Any]) -> str:
        params.extend(tokens)
        return " AND ".join("EXISTS (SELECT 1 FROM details_search x WHERE x.token = ? AND x.ord = s.ord "
                            "AND x.seq = s.seq)" for _ in tokens)

    def select(self, *, day: str | None = None, after: Sequence[int] | None = None,
               descending: bool = False) -> tuple[list[str], list[list[Any]]]:
        """One SELECT of (ord, seq) per alternative of the first term, each with its parameters."""
        first, *others = self.terms
        selects, all_params = [], []
        for tokens in first:
            driver = min(tokens, key=self._size)
            params: list[Any] = [driver]
            where = ["s.token = ?"]
            if day is not None:
                where.append("s.ord >= ? AND s.ord < ?")
                params.extend(day_range(day))
            if after is not None:
                where.append(f"(s.ord, s.seq) {'<' if descending else '>'} (?, ?)")
                params.extend(after)
            rest = [t for t in tokens if t != driver]
            if rest:
                where.append(self._probe(rest, params))
            for term in others:
                where.append("(" + " OR ".join(f"({self._probe(alt, params)})" for alt in term) + ")")
            selects.append(f"SELECT s.ord AS ord, s.seq AS seq FROM details_search s WHERE {' AND '.join(where)}")
            all_params.append(params)
        return selects, all_params

    def page_sql(self, *, day: str | None, after: Sequence[int] | None, descending: bool,
                 limit: int) -> tuple[str, list[Any]]:
        selects, params = self.select(day=day, after=after, descending=descending)
        direction = " DESC" if descending else ""
        flat = [p for group in params for p in group]
        return f"{' UNION '.join(selects)} ORDER BY ord{direction}, seq{direction} LIMIT ?", [*flat, limit]

    def all_sql(self, *, day: str | None) -> tuple[str, list[Any]]:
        """Every match, unordered (a UNION: a person found by name and by kana counts once)."""
        selects, params = self.select(day=day)
        return " UNION ".join(selects), [p for group in params for p in group]


def backfill_step(engine, index: SearchIndex, unseal: Callable[[str, str], dict | None],
                  batch: int = BACKFILL_BATCH) -> int:
    """Index up to `batch` records below the backfill mark, newest first, in one transaction.

    Returns the new mark: 0 once every record is indexed (the mark is then removed)."""
    with raw_write_transaction(engine) as db:
        row = db.execute("SELECT value FROM station_meta WHERE key = ?", (BACKFILL_KEY,)).fetchone()
        below = int(row[0]) if row else 0
        found = db.execute(
            "SELECT l.seq, l.record_id, l.activity_id, l.person_key, a.entry_at, p.details FROM ledger l "
            "JOIN personal_details p ON p.record_id = l.record_id JOIN attendance a ON a.record_id = l.record_id "
            "WHERE l.seq < ? AND p.details IS NOT NULL ORDER BY l.seq DESC LIMIT ?",
            (below, batch)).fetchall() if below > 0 else []
        db.executemany(INSERT_SQL, [
            r for seq, record_id, activity_id, person_key, entry_at, stored in found
            for r in index.rows(unseal(stored, record_id), person_key, activity_id, entry_at, seq)])
        below = found[-1][0] if len(found) == batch else 0
        if below:
            db.execute("UPDATE station_meta SET value = ? WHERE key = ?", (str(below), BACKFILL_KEY))
        else:
            db.execute("DELETE FROM station_meta WHERE key = ?", (BACKFILL_KEY,))
    return below


def backfill_pending(engine) -> bool:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT 1 FROM station_meta WHERE key = ?", (BACKFILL_KEY,)).first() is not None
