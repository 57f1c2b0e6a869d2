"""The check-in page's "本日の受付: n 人" and its recent check-ins, kept up to date from the results
of the station's own writes rather than by reading the day again after each one.

Loading reads one counter row and the day's latest few check-ins (`AttendanceView.recent`, a range
of an index), so it costs the same at ten check-ins a day or ten thousand; after that a recorded
scan, a checkout, a cancellation or a correction changes the tally in memory. Only a cancellation
that empties a place in a full list reads again — the few rows needed to fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from desktop.store.attendance_view import AttendanceRow, AttendanceView, display_name
from desktop.store.ledger import Appended
from furusato.activity import local_day


@dataclass(frozen=True)
class RecentEntry:
    record_id: str
    entry_at: str  # ISO 8601, as stored
    name: str  # what the list shows (display_name)
    exit_at: str | None = None

    @classmethod
    def of(cls, row: AttendanceRow) -> RecentEntry:
        return cls(row.record_id, row.entry_at, row.display_name, row.exit_at)


@dataclass(frozen=True)
class AttendanceChange:
    """A cancellation or correction, as the attendance list made it."""

    kind: str  # "cancel" or "correct"
    row: AttendanceRow  # the check-in as it was before (active)
    appended: Appended  # the ledger record that changed it
    name: str | None = None  # a correction's new name

    @property
    def new_record_id(self) -> str:
        """A correction's new check-in row (the correct record's id)."""
        return self.appended.record_id


class TodayTally:
    def __init__(self, view: AttendanceView, size: int):
        self._view = view
        self.size = size
        self.activity_id: str | None = None
        self.day: str | None = None
        self.count = 0
        self.recent: list[RecentEntry] = []  # newest first

    def load(self, activity_id: str, day: str) -> None:
        self.activity_id, self.day = activity_id, day
        self.count = self._view.active_count(activity_id, day)
        self.recent = [RecentEntry.of(row) for row in self._view.recent(activity_id, day, self.size)]

    def _ours(self, activity_id: str | None, day: str | None) -> bool:
        return activity_id is not None and activity_id == self.activity_id and day == self.day

    def recorded(self, record_id: str, activity_id: str, at: datetime, name: str | None, person_key: str) -> bool:
        """A new active check-in (CheckinResult of a recorded scan or form). False: not this tally's day."""
        if not self._ours(activity_id, local_day(at).isoformat()):
            return False
        self.count += 1
        entry = RecentEntry(record_id, at.isoformat(), display_name(name, person_key))
        # Where a re-read would put it: by entry time as stored (text), the newer record first on a tie.
        place = next((i for i, e in enumerate(self.recent) if e.entry_at <= entry.entry_at), len(self.recent))
        self.recent = [*self.recent[:place], entry, *self.recent[place:]][:self.size]
        return True

    def checked_out(self, record_id: str, at: datetime) -> bool:
        for i, entry in enumerate(self.recent):
            if entry.record_id == record_id:
                self.recent[i] = replace(entry, exit_at=at.isoformat())
                return True
        return False

    def cancelled(self, row: AttendanceRow) -> bool:
        """`row`: the check-in as it was before it was cancelled (active)."""
        if row.status != "active" or not self._ours(row.activity_id, row.day):
            return False
        self.count -= 1
        kept = [entry for entry in self.recent if entry.record_id != row.record_id]
        if len(kept) < len(self.recent) and len(self.recent) == self.size and self.count >= self.size:
            # A place in a full list fell empty and older check-ins exist: the next one moves up.
            kept = [RecentEntry.of(r) for r in self._view.recent(row.activity_id, row.day, self.size)]
        self.recent = kept
        return True

    def corrected(self, row: AttendanceRow, new_record_id: str, name: str) -> bool:
        """`row` (active) was replaced by `new_record_id`: same time, same day, a corrected name."""
        if row.status != "active" or not self._ours(row.activity_id, row.day):
            return False
        self.recent = [replace(entry, record_id=new_record_id, name=display_name(name, row.person_key))
                       if entry.record_id == row.record_id else entry for entry in self.recent]
        return True
