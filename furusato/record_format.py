"""Attendance values as a Japanese office writes them: on paper, in a CSV and in an Excel sheet.

The stored forms are made for machines (postal code `0400001`, phone `+819012345678`, ISO
instants with microseconds, English codes); a town hall's clerk expects `040-0001`,
`090-1234-5678`, times to the minute and Japanese words. Every paper and file the station makes
goes through here, so the list, the CSV and the workbook say the same thing the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import phonenumbers

from furusato.activity import JST
from furusato.wareki import WarekiError, format_wareki

__all__ = [
    "DATE_STYLES",
    "GENDER_JA",
    "KIND_JA",
    "STATUS_JA",
    "date_text",
    "gender_text",
    "kind_text",
    "minute",
    "minute_text",
    "phone_national",
    "postal_display",
    "status_text",
]

WESTERN, WAREKI = "western", "wareki"
DATE_STYLES = (WESTERN, WAREKI)  # 西暦, 和暦

STATUS_JA = {"active": "有効", "cancelled": "取消", "corrected": "訂正"}
KIND_JA = {"card": "登録証", "manual": "手書き"}
GENDER_JA = {"female": "女性", "male": "男性", "other": "その他", "unspecified": "回答しない"}


def postal_display(code: str | None) -> str:
    """`0400001` → `040-0001`; anything that is not 7 ASCII digits is returned as it is."""
    if not code:
        return ""
    if len(code) == 7 and code.isascii() and code.isdigit():
        return f"{code[:3]}-{code[3:]}"
    return code


@lru_cache(maxsize=65536)  # phonenumbers takes ~0.3 ms a number; volunteers come back with the same one
def phone_national(number: str | None) -> str:
    """E.164 (`+819012345678`) → the national form people dial and write (`090-1234-5678`)."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "JP")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def minute(stamp: str | datetime | None) -> datetime | None:
    """An instant (ISO text or datetime) as Japan time, cut to the minute: seconds and microseconds
    are noise on a list; a time without an offset is Japan time; unreadable text is None."""
    if not stamp:
        return None
    if isinstance(stamp, datetime):
        value = stamp
    else:
        try:
            value = datetime.fromisoformat(stamp)
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    return value.astimezone(JST).replace(second=0, microsecond=0)


def date_text(value: date | str | None, style: str = WESTERN) -> str:
    """`2026-11-22`, or in 和暦 `令和8年11月22日`."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    if style == WAREKI:
        try:
            return format_wareki(value)
        except WarekiError:  # before 1873 there is no 和暦 that maps simply: keep the Western date
            return value.isoformat()
    return value.isoformat()


def minute_text(stamp: str | datetime | None, style: str = WESTERN) -> str:
    """`2026-11-22 10:05` (or `令和8年11月22日 10:05`), Japan time."""
    value = minute(stamp)
    if value is None:
        return ""
    return f"{date_text(value.date(), style)} {value:%H:%M}"


def status_text(status: str) -> str:
    return STATUS_JA.get(status, status)


def kind_text(is_card: bool) -> str:
    return KIND_JA["card" if is_card else "manual"]


def gender_text(gender: str | None) -> str:
    return GENDER_JA.get(gender, gender) if gender else ""
