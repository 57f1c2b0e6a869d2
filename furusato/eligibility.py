"""Premium eligibility (DOMAIN.md rules 2–5 and 7, CONTRACTS §4) as one pure function.

`evaluate(case)` does no I/O and looks nothing up: `furusato.eligibility_case.parse_case` has
already validated CASE.json and resolved every code to a `Place`. `evaluate_json(data)` chains
the two for callers holding decoded JSON (the CLI, the HTTP API).

Decisions where the documents are silent:

- Window: the 365 days ending on `as_of` inclusive, widened to 366 when those 365 days contain
  a 29 February; never before 2026-04-01. So as of 2029-02-28 the window starts 2028-03-01 and
  2028-02-29 is outside it (the 365 days back do not reach it).
- Where a record counts: for a municipality target, venues in that municipality or in one of
  its wards; for a prefecture target, every venue in the prefecture including prefecture-wide
  (prefecture-code) venues, which count for no municipality.
- Runs: a run is a maximal stretch of consecutive calendar days on which the same activity has
  counting attendance inside the window; days cut off by the window's start do not join it.
  Runs are per activity id, whichever counting venue each day had.
- Minor without guardian consent: `minor` is true and `guardian_consent` is not true.
- Premium cap: the set of local governments the person would hold after success — unlapsed
  registrations plus the target, as a set, so on renewal the target (already held) is counted
  once. Its size counts municipalities, plus prefectures with no municipality of the set inside
  them; above 3 is `premium_cap`. A person whose held set already breaks the cap is therefore
  refused renewals too until something lapses: the engine never approves a set over the cap.
- Expiry: a registration approved on day D is valid through the day before D's anniversary
  (民法143条; when the anniversary does not exist — D is 29 February — through the last day of
  that February). A renewal extends the old expiry by one year exactly as CONTRACTS §4 words it
  ("the old expiry plus one year"): 28 February stays 28 February even when a 29 February falls
  in between, and an expiry of 29 February renews to the next 28 February.
- `stay_days` is reported whatever the outcome; `long_stay` only when eligible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from furusato.eligibility_case import (
    Attendance,
    CaseError,
    EligibilityCase,
    Place,
    Setting,
    parse_case,
    parse_progress,
)

__all__ = [
    "CaseError",
    "EligibilityCase",
    "EligibilityResult",
    "PREMIUM_CAP",
    "RECORDS_FROM",
    "REASONS",
    "cap_size",
    "counted",
    "evaluate",
    "evaluate_json",
    "expiry_after",
    "parse_case",
    "progress_json",
    "window",
]

RECORDS_FROM = date(2026, 4, 1)  # III-3-2: nothing earlier counts
PREMIUM_CAP = 3  # II-4-6
REASONS = (
    "residence",
    "mynumber_not_verified",
    "guardian_consent_missing",
    "not_enough_activities",
    "premium_cap",
)


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    target: str
    eligible: bool
    count: int
    required: int
    renewal: bool
    expires: date | None
    stay_days: int
    long_stay: bool
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The output object of CONTRACTS §4, keys in its order."""
        return {
            "target": self.target,
            "eligible": self.eligible,
            "count": self.count,
            "required": self.required,
            "renewal": self.renewal,
            "expires": self.expires.isoformat() if self.expires else None,
            "stay_days": self.stay_days,
            "long_stay": self.long_stay,
            "reasons": list(self.reasons),
        }


def counted(attendance: Iterable[Attendance], target: Place, setting: Setting, as_of: date) -> tuple[int, int]:
    """(count, stay_days) for `target` as of a day: the part of the verdict that depends on the
    attendance alone, so it can be shown for someone the engine cannot judge yet (no residence known)."""
    first, last = window(as_of)
    days_by_activity = _counting_days(attendance, target, first, last)
    count = _count(days_by_activity, each_day=setting.consecutive_days_each_count)
    return count, len(set().union(*days_by_activity.values())) if days_by_activity else 0


def progress_json(data: Any, *, codes: Any = None) -> dict[str, Any]:
    """`{"as_of", "attendance", "settings", "target"}` (CONTRACTS §4 without person and premium) →
    `{"target", "count", "required", "stay_days"}`; raises CaseError on bad input."""
    case = parse_progress(data, codes=codes)
    setting = case.setting_for(case.target.code)
    count, stay_days = counted(case.attendance, case.target, setting, case.as_of)
    return {"target": case.target.code, "count": count, "required": setting.required, "stay_days": stay_days}


def evaluate(case: EligibilityCase) -> EligibilityResult:
    target = case.target
    setting = case.setting_for(target.code)
    count, stay_days = counted(case.attendance, target, setting, case.as_of)

    held = {r.lg.code: r for r in case.premium if r.expires >= case.as_of}
    renewing = held.get(target.code)
    person = case.person

    reasons = []
    if _lives_in(person.residence, target):
        reasons.append("residence")
    if not person.mynumber_verified:
        reasons.append("mynumber_not_verified")
    if person.minor and not person.guardian_consent:
        reasons.append("guardian_consent_missing")
    if count < setting.required:
        reasons.append("not_enough_activities")
    if cap_size([r.lg for r in held.values()] + [target]) > PREMIUM_CAP:
        reasons.append("premium_cap")

    eligible = not reasons
    expires = None
    if eligible:
        expires = one_year_after(renewing.expires) if renewing else expiry_after(case.as_of)
    return EligibilityResult(
        target=target.code,
        eligible=eligible,
        count=count,
        required=setting.required,
        renewal=renewing is not None,
        expires=expires,
        stay_days=stay_days,
        long_stay=eligible and setting.long_stay_days is not None and stay_days >= setting.long_stay_days,
        reasons=tuple(reasons),
    )


def evaluate_json(data: Any, *, codes: Any = None) -> dict[str, Any]:
    """Decoded CASE.json in, the output object out; raises CaseError on bad input."""
    return evaluate(parse_case(data, codes=codes)).to_json()


def window(as_of: date) -> tuple[date, date]:
    """First and last day (inclusive) of the 12-month window; first > last when it is empty."""
    if as_of < RECORDS_FROM:
        return RECORDS_FROM, as_of
    first = as_of - timedelta(days=364)
    if _contains_leap_day(first, as_of):
        first -= timedelta(days=1)
    return max(first, RECORDS_FROM), as_of


def expiry_after(start: date) -> date:
    """Last valid day of a one-year registration whose first day is `start`."""
    if (start.month, start.day) == (2, 29):
        return date(start.year + 1, 2, 28)
    return date(start.year + 1, start.month, start.day) - timedelta(days=1)


def one_year_after(day: date) -> date:
    """The same calendar day a year later; 29 February becomes 28 February."""
    if (day.month, day.day) == (2, 29):
        return date(day.year + 1, 2, 28)
    return day.replace(year=day.year + 1)


def cap_size(places: Iterable[Place]) -> int:
    """Local governments counted against the cap: a prefecture is left out when a municipality
    inside it is in the same set (II-4-6)."""
    codes = {p.code: p for p in places}
    covered = {p.prefecture for p in codes.values() if not p.is_prefecture}
    return sum(1 for p in codes.values() if not (p.is_prefecture and p.code in covered))


def _counting_days(
    attendance: Iterable[Attendance], target: Place, first: date, last: date
) -> dict[str, set[int]]:
    """Per activity, the days (as ordinals) on which it counts for `target` inside the window."""
    days: dict[str, set[int]] = defaultdict(set)
    for row in attendance:
        if first <= row.day <= last and _counts_for(row.venue, target):
            days[row.activity].add(row.day.toordinal())
    return days


def _counts_for(venue: Place, target: Place) -> bool:
    if target.is_prefecture:
        return venue.prefecture == target.code
    return venue.municipality == target.code


def _count(days_by_activity: dict[str, set[int]], *, each_day: bool) -> int:
    if each_day:
        return sum(len(days) for days in days_by_activity.values())
    # Without the II-4-4 setting a run of consecutive days is one visit: count the run starts.
    return sum(sum(1 for d in days if d - 1 not in days) for days in days_by_activity.values())


def _lives_in(residence: Place, target: Place) -> bool:
    if target.is_prefecture:
        return residence.prefecture == target.code
    return residence.municipality == target.code


def _contains_leap_day(first: date, last: date) -> bool:
    for year in range(first.year, last.year + 1):
        if _is_leap(year) and first <= date(year, 2, 29) <= last:
            return True
    return False


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
