"""Dates as Japanese people write them: Western (1990-04-01, 1990年4月1日) or 和暦 (平成2年4月1日, H2.4.1).

The five modern eras are a small, fixed table, so it is kept here rather than pulling in a
general era library (japanera handles 248 historical eras through strptime-like patterns and
would still need all the normalisation below).

Dates before 1873-01-01 (明治6年1月1日) are refused: Japan used the lunisolar calendar until then,
so an earlier 和暦 date does not map onto a Gregorian date the simple way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from furusato.textnorm import nfkc, normalize_hyphens, strip_invisible

__all__ = ["ERAS", "GREGORIAN_START", "Era", "WarekiError", "era_of", "format_wareki", "parse_date"]

GREGORIAN_START = date(1873, 1, 1)


class WarekiError(ValueError):
    """`reason` is one of: wrong_type, empty, format, date_invalid, era_range, before_gregorian."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    first_year: int  # the Gregorian year of 元年
    start: date
    end: date | None  # inclusive; None for the current era

    def contains(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


# 明治→大正 and 大正→昭和 changed during the day (the emperor died, the new era began that day), so
# that day is commonly written in either era and both are accepted. 平成 and 令和 began at midnight
# of a day fixed in advance, so 昭和64年1月8日 and 平成31年5月1日 do not exist.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", 1868, date(1868, 1, 25), date(1912, 7, 30)),
    Era("大正", "T", 1912, date(1912, 7, 30), date(1926, 12, 25)),
    Era("昭和", "S", 1926, date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", 1989, date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", 2019, date(2019, 5, 1), None),
)

_BY_TOKEN = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}

_ERA_TOKEN = "|".join([e.name for e in ERAS] + [e.letter for e in ERAS])
# [0-9] rather than \d: \d also matches other scripts' digits, which int() would happily read.
_WESTERN_SEP = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_WESTERN_KANJI = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日?")
_WESTERN_BASIC = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_ERA_KANJI = re.compile(rf"({_ERA_TOKEN})([0-9]{{1,3}}|元)年([0-9]{{1,2}})月([0-9]{{1,2}})日?")
_ERA_SEP = re.compile(rf"({_ERA_TOKEN})([0-9]{{1,3}}|元)([-/.])([0-9]{{1,2}})\3([0-9]{{1,2}})")

_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    # NFKC folds full-width digits and letters and the era ligatures (㍻ → 平成, ㋿ → 令和).
    text = normalize_hyphens(nfkc(strip_invisible(text)))
    return _SPACES.sub("", text).upper()


def _make(year: int, month: int, day: int) -> date:
    try:
        d = date(year, month, day)
    except ValueError:
        raise WarekiError("date_invalid") from None
    if d < GREGORIAN_START:
        raise WarekiError("before_gregorian")
    return d


def _from_era(token: str, year_text: str, month: str, day: str) -> date:
    era = _BY_TOKEN[token]
    year = 1 if year_text == "元" else int(year_text)
    if year == 0:
        raise WarekiError("date_invalid")
    d = _make(era.first_year + year - 1, int(month), int(day))
    if not era.contains(d):
        raise WarekiError("era_range")
    return d


def parse_date(text: str) -> date:
    """Read a calendar date; raises `WarekiError` with a machine reason."""
    if not isinstance(text, str):
        raise WarekiError("wrong_type")
    s = _clean(text)
    if not s:
        raise WarekiError("empty")
    if m := _ERA_KANJI.fullmatch(s):
        return _from_era(*m.groups())
    if m := _ERA_SEP.fullmatch(s):
        token, year, _sep, month, day = m.groups()
        return _from_era(token, year, month, day)
    m = _WESTERN_SEP.fullmatch(s)
    if m:
        year, _sep, month, day = m.groups()
        return _make(int(year), int(month), int(day))
    if m := (_WESTERN_KANJI.fullmatch(s) or _WESTERN_BASIC.fullmatch(s)):
        return _make(*map(int, m.groups()))
    raise WarekiError("format")


def era_of(d: date) -> Era:
    """The era a date is written in (the later one on a change-of-era day)."""
    for era in reversed(ERAS):
        if era.contains(d):
            return era
    raise WarekiError("before_gregorian")


def format_wareki(d: date) -> str:
    """平成2年4月1日; the first year is written 元年, as on official forms."""
    if d < GREGORIAN_START:
        raise WarekiError("before_gregorian")
    era = era_of(d)
    year = d.year - era.first_year + 1
    year_text = "元" if year == 1 else str(year)
    return f"{era.name}{year_text}年{d.month}月{d.day}日"
