"""CASE.json for the premium eligibility engine (CONTRACTS §4): the model and its strict parser.

The parser resolves every code against the local-government master once, so the engine in
`furusato.eligibility` works on plain values and never looks anything up.

Nothing is guessed. What is required and what may be left out:

- required: `as_of`, `person`, `target`; in `person`: `residence`, `mynumber_verified`, `minor`;
  in each `premium` row: `lg`, `expires`; in each `attendance` row: `activity`, `venue`, `date`.
- optional: `premium` and `attendance` (absent = none held / none recorded), `settings` (absent
  = every code takes the defaults, exactly as an absent code does), each key of a settings entry
  (absent = its default), and `person.guardian_consent` (absent = no consent: consent is
  something given, never presumed; it only matters for a minor).
- a key not listed in CONTRACTS §4, a duplicate key, a wrong JSON type (`true` is not a number,
  `3.0` is not an integer, `0` is not a boolean), a date that is not `YYYY-MM-DD`, a code that is
  not six ASCII digits, has a wrong check digit or is not in the master, is refused.
- `target`, `premium[].lg` and `settings` keys must be local governments: a designated city's
  ward is not one, so it is refused there (it is fine as a venue or a residence, where it stands
  for its city). `residence` must be a municipality or ward: a prefecture is nobody's address.
- `required` below 3 is refused (a local government may ask for more, never fewer);
  `long_stay_days` is null or at least 1.
- two unlapsed `premium` rows for the same local government contradict each other (which expiry
  would a renewal extend?) and are refused; lapsed rows are history and may repeat.
- attendance dates outside the window (before 2026-04-01, long ago, after `as_of`) are not
  errors: they simply do not count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

DEFAULT_REQUIRED = 3
_LAST_YEAR = 9998
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_CODE = re.compile(r"\d{6}", re.ASCII)

_TOP_KEYS = ("as_of", "person", "premium", "attendance", "settings", "target")
_PERSON_KEYS = ("residence", "mynumber_verified", "minor", "guardian_consent")
_PREMIUM_KEYS = ("lg", "expires")
_ATTENDANCE_KEYS = ("activity", "venue", "date")
_SETTING_KEYS = ("required", "consecutive_days_each_count", "long_stay_days")


class CaseError(ValueError):
    """Bad input: `field` is the path into CASE.json (None when the document itself is wrong)."""

    def __init__(self, message: str, field: str | None):
        super().__init__(message)
        self.message = message
        self.field = field

    def to_json(self) -> dict:
        return {"error": self.message, "field": self.field}


@dataclass(frozen=True, slots=True)
class Place:
    """A code resolved for counting: `municipality` is the counting municipality (a ward's city),
    None for a prefecture; `prefecture` is the prefecture code."""

    code: str
    municipality: str | None
    prefecture: str

    @property
    def is_prefecture(self) -> bool:
        return self.municipality is None

    @property
    def counting_code(self) -> str:
        return self.municipality or self.prefecture


@dataclass(frozen=True, slots=True)
class Person:
    residence: Place
    mynumber_verified: bool
    minor: bool
    guardian_consent: bool = False


@dataclass(frozen=True, slots=True)
class Registration:
    lg: Place
    expires: date


class Attendance(NamedTuple):
    # A tuple rather than a frozen dataclass: a case may hold 10,000 of them.
    activity: str
    venue: Place
    day: date


@dataclass(frozen=True, slots=True)
class Setting:
    required: int = DEFAULT_REQUIRED
    consecutive_days_each_count: bool = False
    long_stay_days: int | None = None


@dataclass(frozen=True, slots=True)
class EligibilityCase:
    as_of: date
    person: Person
    target: Place
    premium: tuple[Registration, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    settings: Mapping[str, Setting] = field(default_factory=lambda: MappingProxyType({}))

    def setting_for(self, code: str) -> Setting:
        return self.settings.get(code, _DEFAULT_SETTING)


_DEFAULT_SETTING = Setting()


def parse_case(data: Any, *, codes: Any = None) -> EligibilityCase:
    """Validate a decoded CASE.json and resolve its codes; raise CaseError on anything doubtful.

    `codes` is the local-government master (an object with `is_valid_code` and `lookup`, i.e.
    the `furusato.lgcodes` module, which is the default).
    """
    if codes is None:
        from furusato import lgcodes as codes
    places = _Places(codes)
    top = _object(data, None, _TOP_KEYS, required=("as_of", "person", "target"))
    as_of = _date(top["as_of"], "as_of")
    target = places.local_government(top["target"], "target")
    person = _person(top["person"], places)
    premium = _premium(top.get("premium", []), places, as_of)
    attendance = _attendance(top.get("attendance", []), places)
    settings = _settings(top.get("settings", {}), places)
    return EligibilityCase(
        as_of=as_of,
        person=person,
        target=target,
        premium=premium,
        attendance=attendance,
        settings=MappingProxyType(settings),
    )


def parse_progress(data: Any, *, codes: Any = None) -> EligibilityCase:
    """A case without a person (`as_of`, `attendance`, `settings`, `target`), for counting only:
    the returned case's person is a placeholder that nothing may judge."""
    if codes is None:
        from furusato import lgcodes as codes
    places = _Places(codes)
    top = _object(data, None, ("as_of", "attendance", "settings", "target"), required=("as_of", "target"))
    target = places.local_government(top["target"], "target")
    return EligibilityCase(
        as_of=_date(top["as_of"], "as_of"),
        person=Person(residence=target, mynumber_verified=False, minor=False),
        target=target,
        attendance=_attendance(top.get("attendance", []), places),
        settings=MappingProxyType(_settings(top.get("settings", {}), places)),
    )


def _person(value: Any, places: _Places) -> Person:
    obj = _object(value, "person", _PERSON_KEYS, required=("residence", "mynumber_verified", "minor"))
    residence = places.resolve(obj["residence"], "person.residence")
    if residence.is_prefecture:
        raise CaseError("a residence is a municipality (or ward), not a prefecture", "person.residence")
    return Person(
        residence=residence,
        mynumber_verified=_bool(obj["mynumber_verified"], "person.mynumber_verified"),
        minor=_bool(obj["minor"], "person.minor"),
        guardian_consent=_bool(obj.get("guardian_consent", False), "person.guardian_consent"),
    )


def _premium(value: Any, places: _Places, as_of: date) -> tuple[Registration, ...]:
    rows = []
    unlapsed: dict[str, int] = {}
    for i, item in enumerate(_list(value, "premium")):
        path = f"premium[{i}]"
        obj = _object(item, path, _PREMIUM_KEYS, required=_PREMIUM_KEYS)
        row = Registration(
            lg=places.local_government(obj["lg"], f"{path}.lg"),
            expires=_date(obj["expires"], f"{path}.expires"),
        )
        if row.expires >= as_of:
            if row.lg.code in unlapsed:
                raise CaseError(
                    f"two unlapsed premium registrations for {row.lg.code} "
                    f"(premium[{unlapsed[row.lg.code]}] and {path})",
                    f"{path}.lg",
                )
            unlapsed[row.lg.code] = i
        rows.append(row)
    return tuple(rows)


def _attendance(value: Any, places: _Places) -> tuple[Attendance, ...]:
    # Thousands of rows: paths are only spelled out when a row is refused, and dates repeat.
    rows = []
    days: dict[str, date] = {}
    for i, item in enumerate(_list(value, "attendance")):
        try:
            rows.append(_attendance_row(item, places, days))
        except CaseError as exc:
            raise CaseError(exc.message, f"attendance[{i}]{exc.field or ''}") from None
    return tuple(rows)


def _attendance_row(item: Any, places: _Places, days: dict[str, date]) -> Attendance:
    """One row; errors carry the field relative to the row (".venue", or None for the row)."""
    if not isinstance(item, dict):
        raise CaseError("an attendance row must be a JSON object", None)
    _keys(item, _ATTENDANCE_KEYS, _ATTENDANCE_KEYS, ".")
    activity = item["activity"]
    if not isinstance(activity, str) or not activity.strip():
        raise CaseError("activity must be a non-empty string", ".activity")
    text = item["date"]
    day = days.get(text) if isinstance(text, str) else None
    if day is None:
        day = _date(text, ".date")
        days[text] = day
    return Attendance(activity, places.resolve(item["venue"], ".venue"), day)


def _settings(value: Any, places: _Places) -> dict[str, Setting]:
    if not isinstance(value, dict):
        raise CaseError("settings must be an object keyed by local-government code", "settings")
    result = {}
    for code, entry in value.items():
        path = f"settings.{code}"
        places.local_government(code, path)
        obj = _object(entry, path, _SETTING_KEYS, required=())
        required = obj.get("required", DEFAULT_REQUIRED)
        if not _is_int(required):
            raise CaseError("required must be an integer", f"{path}.required")
        if required < DEFAULT_REQUIRED:
            raise CaseError(
                f"required is {required}: a local government may ask for more than "
                f"{DEFAULT_REQUIRED} activities, never fewer",
                f"{path}.required",
            )
        long_stay = obj.get("long_stay_days")
        if long_stay is not None and (not _is_int(long_stay) or long_stay < 1):
            raise CaseError(
                "long_stay_days must be null or an integer of at least 1", f"{path}.long_stay_days"
            )
        result[code] = Setting(
            required=required,
            consecutive_days_each_count=_bool(
                obj.get("consecutive_days_each_count", False), f"{path}.consecutive_days_each_count"
            ),
            long_stay_days=long_stay,
        )
    return result


class _Places:
    """Resolves codes through the master, remembering each answer (10,000 venues repeat a lot)."""

    def __init__(self, codes: Any):
        self._codes = codes
        self._seen: dict[str, Place | str] = {}

    def resolve(self, value: Any, path: str) -> Place:
        if not isinstance(value, str):
            raise CaseError("a local-government code must be a string of 6 digits", path)
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = self._resolve(value)
        if isinstance(found, str):
            raise CaseError(found, path)
        return found

    def local_government(self, value: Any, path: str) -> Place:
        place = self.resolve(value, path)
        if place.code != place.counting_code:
            raise CaseError(
                f"{value} is a ward of the designated city {place.municipality}, not a local "
                "government: use the city's code",
                path,
            )
        return place

    def _resolve(self, code: str) -> Place | str:
        # Failures are returned, not raised, so the memo keeps them too; the caller adds the path.
        if not _CODE.fullmatch(code):
            return f"{code!r} is not a local-government code (6 digits)"
        if not self._codes.is_valid_code(code):
            return f"{code} has a wrong check digit"
        lg = self._codes.lookup(code)
        if lg is None:
            return f"{code} is not in the local-government master (unknown local government)"
        if lg.kind == "prefecture":
            return Place(code=code, municipality=None, prefecture=code)
        if lg.kind == "ward":
            return Place(code=code, municipality=lg.city_code, prefecture=lg.prefecture_code)
        return Place(code=code, municipality=code, prefecture=lg.prefecture_code)


def _object(value: Any, path: str | None, allowed: tuple[str, ...], *, required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise CaseError(f"{path or 'the case'} must be a JSON object", path)
    _keys(value, allowed, required, f"{path}." if path else "")
    return value


def _keys(value: dict, allowed: tuple[str, ...], required: tuple[str, ...], prefix: str) -> None:
    for key in value:
        if key not in allowed:
            raise CaseError(f"unknown field {key!r}", prefix + key)
    if len(value) != len(allowed):  # every key is allowed by now, so equal length means all present
        for key in required:
            if key not in value:
                raise CaseError(f"missing field {key!r}", prefix + key)


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise CaseError(f"{path} must be a JSON array", path)
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(f"{path.rsplit('.', 1)[-1]} must be true or false", path)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(value: Any, path: str) -> date:
    # date.fromisoformat alone would also take "20260701" and week dates: only the plain form passes.
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise CaseError("a date must be a string YYYY-MM-DD", path)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{value} is not a calendar date", path) from None
    if day.year > _LAST_YEAR:
        # Expiries are computed a year (and a day) ahead; keep them inside the calendar.
        raise CaseError(f"{value} is beyond the year {_LAST_YEAR}", path)
    return day
