"""Settings about the records themselves, kept in the station's database beside them.

Unlike the window's settings (settings.json: camera, sound, language), these change what the
command line, the sync and the exports do, so they live in `station_meta` where every one of them
reads the same value:
- `retention_days`: days the personal details of a record stay on this laptop after the central
  acknowledged it (desktop.privacy.retention purges them then; guideline IV-4).
- `date_style`: 西暦 (`western`) or 和暦 (`wareki`) where dates are shown — the attendance list,
  the printed participant list, and the exports' extra 和暦 columns.
An unreadable stored value reads as the default rather than stopping a sync or an export.
"""

from __future__ import annotations

from desktop.privacy.retention import DEFAULT_KEEP_DAYS
from furusato.record_format import DATE_STYLES, WESTERN

RETENTION_KEY = "retention_days"
DATE_STYLE_KEY = "date_style"
DEFAULT_RETENTION_DAYS = DEFAULT_KEEP_DAYS
# 0: purge at the first sync after the central's acknowledgement. A year is the longest the
# station has a reason for: the premium requirement looks back twelve months, on the central.
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 0, 365


class RecordSettings:
    def __init__(self, meta):
        self._meta = meta

    @property
    def retention_days(self) -> int:
        stored = self._meta.get(RETENTION_KEY)
        try:
            days = int(stored) if stored is not None else DEFAULT_RETENTION_DAYS
        except ValueError:
            return DEFAULT_RETENTION_DAYS
        return min(MAX_RETENTION_DAYS, max(MIN_RETENTION_DAYS, days))

    def set_retention_days(self, days: int) -> int:
        if isinstance(days, bool) or not isinstance(days, int):
            raise TypeError("retention days must be an integer")
        if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
            raise ValueError(f"retention days must be {MIN_RETENTION_DAYS}–{MAX_RETENTION_DAYS}")
        self._meta.set(RETENTION_KEY, str(days))
        return days

    @property
    def date_style(self) -> str:
        stored = self._meta.get(DATE_STYLE_KEY)
        return stored if stored in DATE_STYLES else WESTERN

    def set_date_style(self, style: str) -> str:
        if style not in DATE_STYLES:
            raise ValueError(f"date style must be one of {DATE_STYLES}")
        self._meta.set(DATE_STYLE_KEY, style)
        return style
