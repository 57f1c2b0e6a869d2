"""The attendance as one table for the town hall: the columns every export writes, and their values.

The CSV and the Excel workbook write exactly these columns in this order, with Japanese headers
and values (furusato.record_format). Each value keeps its type — text, date, or date and time to
the minute — so the workbook can store dates as dates and codes as text, while the CSV writes
them all as text the same way. The guideline's required fields of a hand-kept record (III-3-2:
activity name, content, start and end, place; the participant's name, address from the postal
code, birth date, e-mail, phone) are all here; 和暦 columns are added when the station shows
dates in 和暦.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from desktop.store.attendance_view import AttendanceRow
from furusato import lgcodes
from furusato import record_format as fmt
from furusato.activity import Activity

Kind = Literal["text", "date", "datetime"]
Value = str | date | datetime | None

# Lone surrogates cannot be written as UTF-8 and C0 controls are not allowed in the workbook's XML:
# a value carrying them (a card's name claim is whatever the platform signed) is shown with U+FFFD.
_UNWRITABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    return _UNWRITABLE.sub("\ufffd", text)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    value: Callable[[AttendanceRow, Activity | None, dict], Value]
    width: int = 14  # characters, for the workbook
    wareki: bool = False  # only when dates are shown in 和暦


def _details(row: AttendanceRow) -> dict:
    return row.details or {}


def _act(attribute: str) -> Callable[[AttendanceRow, Activity | None, dict], Value]:
    return lambda _row, activity, _d: getattr(activity, attribute) if activity else None


def _detail(key: str) -> Callable[[AttendanceRow, Activity | None, dict], Value]:
    return lambda _row, _activity, d: d.get(key) or None


def _birth_date(d: dict) -> date | None:
    try:
        return date.fromisoformat(d["birth_date"]) if d.get("birth_date") else None
    except ValueError:
        return None


def _address(d: dict) -> str | None:
    return "".join(part for part in (d.get("address_prefix"), d.get("address")) if part) or None


def _consent(d: dict) -> str | None:
    consent = d.get("guardian_consent")
    return None if consent is None else ("はい" if consent else "いいえ")


COLUMNS: tuple[Column, ...] = (
    Column("record_id", "記録ID", "text", lambda r, _a, _d: r.record_id, 38),
    Column("activity_id", "活動ID", "text", lambda r, _a, _d: r.activity_id, 20),
    Column("activity_title", "活動名", "text", _act("title"), 28),
    Column("activity_content", "活動内容", "text", _act("content"), 32),
    Column("activity_start", "活動開始日時", "datetime", lambda _r, a, _d: fmt.minute(a.starts_at) if a else None, 17),
    Column("activity_end", "活動終了日時", "datetime", lambda _r, a, _d: fmt.minute(a.ends_at) if a else None, 17),
    Column("venue_lg", "活動場所（団体コード）", "text", _act("venue_lg"), 12),
    Column("venue_name", "活動場所（自治体）", "text", lambda _r, a, _d: lgcodes.full_name(a.venue_lg) if a else None, 18),
    Column("place", "活動場所（詳細）", "text", _act("place"), 22),
    Column("day", "活動日", "date", lambda r, _a, _d: date.fromisoformat(r.day), 11),
    Column("day_wareki", "活動日（和暦）", "text", lambda r, _a, _d: fmt.date_text(r.day, fmt.WAREKI), 16, wareki=True),
    Column("entry_at", "受付日時", "datetime", lambda r, _a, _d: fmt.minute(r.entry_at), 17),
    Column("exit_at", "退出日時", "datetime", lambda r, _a, _d: fmt.minute(r.exit_at), 17),
    Column("status", "状態", "text", lambda r, _a, _d: fmt.status_text(r.status), 6),
    Column("reason", "訂正・取消理由", "text", lambda r, _a, _d: r.reason, 20),
    Column("kind", "区分", "text", lambda r, _a, _d: fmt.kind_text(r.is_card), 8),
    Column("card_subject", "登録証ID", "text", lambda r, _a, _d: r.person_key.split(":", 1)[1] if r.is_card else None, 24),
    Column("name", "氏名", "text", _detail("name"), 16),
    Column("name_kana", "氏名（カナ）", "text", _detail("name_kana"), 18),
    Column("postal_code", "郵便番号", "text", lambda _r, _a, d: fmt.postal_display(d.get("postal_code")) or None, 10),
    Column("address", "住所", "text", lambda _r, _a, d: _address(d), 36),
    Column("birth_date", "生年月日", "date", lambda _r, _a, d: _birth_date(d), 11),
    Column("birth_date_wareki", "生年月日（和暦）", "text",
           lambda _r, _a, d: fmt.date_text(_birth_date(d), fmt.WAREKI) or None, 16, wareki=True),
    Column("email", "メールアドレス", "text", _detail("email"), 26),
    Column("phone", "電話番号", "text",
           lambda _r, _a, d: fmt.phone_national(d.get("phone_display") or d.get("phone")) or None, 15),
    Column("gender", "性別", "text", lambda _r, _a, d: fmt.gender_text(d.get("gender")) or None, 8),
    Column("conditions", "参加条件", "text", _detail("conditions"), 24),
    Column("accepted_at", "受付時刻（申告）", "datetime", lambda _r, _a, d: fmt.minute(d.get("accepted_at")), 17),
    Column("guardian_consent", "保護者同意", "text", lambda _r, _a, d: _consent(d), 8),
)


def columns(date_style: str = fmt.WESTERN) -> tuple[Column, ...]:
    return tuple(c for c in COLUMNS if not c.wareki or date_style == fmt.WAREKI)


def values(
    rows: Iterable[AttendanceRow], activities: dict[str, Activity], chosen: tuple[Column, ...],
) -> Iterator[list[Value]]:
    """One list of typed values per row, in `chosen` order; text already cleaned for writing."""
    for row in rows:
        activity, details = activities.get(row.activity_id), _details(row)
        out: list[Value] = []
        for column in chosen:
            value = column.value(row, activity, details)
            if isinstance(value, str):
                value = clean(value) if value else None
            out.append(value)
        yield out


def as_text(value: Value, kind: Kind) -> str:
    """How a value reads in a CSV cell (and on paper): dates ISO, times to the minute."""
    if value is None:
        return ""
    if kind == "datetime" and isinstance(value, datetime):
        return fmt.minute_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
