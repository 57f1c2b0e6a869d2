"""Records kept before the system (III-3-2 STEP2): an organiser's list, or one record typed in the
console, validated and turned into signed records of the console device.

The participant's fields go through `furusato.manual_record.validate_manual_record`, the station's
own manual-form rules, on the day of the activity; the activity's fields (name, content, start,
end, place: the guideline's required fields) are checked here, and nothing before 2026-04-01 or
in the future is taken. Every failing row is reported with its reasons and nothing is imported
unless every row passes: validation runs first and the import is one transaction, through the
same ingestion rules as a station's records (`central.ingest`).

A list is an .xlsx workbook (first sheet) or a CSV file (UTF-8, or Shift_JIS as Japanese Excel
saves it), with a header row naming the columns in Japanese (COLUMNS) or by their field names.
One row is one participant on one day; 参加日 picks the day of a multi-day activity (default its
first). Rows with the same activity name, content, place, start and end are one activity, which is
created in the catalogue (designated by the user's local government, with the kind and venue chosen
on the form) unless one of the area with the same name, venue, start and end exists.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.engine import Connection

from central import admin, clock, ingest, manual_identity
from central.console import scope, signer
from central.store.tables import activities, attendance, attendance_evidence
from furusato.activity import JST, ActivityKind, parse_instant
from furusato.eligibility import RECORDS_FROM
from furusato.manual_record import ManualRecordInvalid, person_key, validate_manual_record
from furusato.textnorm import normalize_line

UPLOAD_MAX_BYTES = 5 * 1024 * 1024  # the console's upload route takes bodies up to this size
MAX_ROWS = 5000
TITLE_MAX, CONTENT_MAX, PLACE_MAX = 200, 2000, 500

COLUMNS = {
    "活動名": "title", "活動内容": "content", "開始日時": "start", "終了日時": "end", "場所": "place",
    "参加日": "day", "氏名": "name", "フリガナ": "name_kana", "郵便番号": "postal_code", "住所": "address",
    "生年月日": "birth_date", "メールアドレス": "email", "電話番号": "phone", "性別": "gender",
    "参加条件": "conditions", "受付日時": "accepted_at", "保護者の同意": "guardian_consent",
}
ACTIVITY_FIELDS = ("title", "content", "start", "end", "place")
REQUIRED_COLUMNS = ACTIVITY_FIELDS + ("name", "postal_code", "address", "birth_date", "email", "phone")
PERSON_FIELDS = ("name", "name_kana", "postal_code", "address", "birth_date", "email", "phone", "gender",
                 "conditions", "accepted_at", "guardian_consent")
_YES = {"はい", "有", "あり", "同意", "yes", "true", "1", "○", "〇"}
_NO = {"いいえ", "無", "なし", "no", "false", "0", "×", ""}


class UnreadableList(ValueError):
    """The file as a whole cannot be used: `reason` is a FIELD_REASONS code, `columns` what is missing."""

    def __init__(self, reason: str, columns: tuple[str, ...] = ()):
        super().__init__(reason)
        self.reason, self.columns = reason, columns


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    field: str
    reason: str


@dataclass
class Entry:
    row: int
    activity_key: tuple[str, ...]
    activity: dict[str, Any]  # title, content, place, start, end (aware datetimes)
    day: date
    at: datetime
    person: str
    details: dict[str, Any]
    facts: dict[str, Any]


@dataclass
class Checked:
    entries: list[Entry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# reading ---------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(filename: str, content: bytes) -> list[dict[str, str]]:
    """Header row → field names; every later non-empty row as {field: text}."""
    if len(content) > UPLOAD_MAX_BYTES:
        raise UnreadableList("too_large")
    name = (filename or "").lower()
    try:
        if name.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            raw = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
        else:
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("cp932")  # what Japanese Excel writes for 「CSV」
            raw = list(csv.reader(io.StringIO(text)))
    except Exception as exc:  # a broken zip, XML or CSV: the file, not a row, is at fault
        raise UnreadableList("unreadable") from exc
    rows = [r for r in raw if any(c.strip() for c in r)]
    if not rows:
        raise UnreadableList("empty")
    header = [COLUMNS.get(_header(h), _header(h)) for h in rows[0]]
    missing = tuple(c for c in REQUIRED_COLUMNS if c not in header)
    if missing:
        raise UnreadableList("missing_columns", missing)
    if len(rows) - 1 > MAX_ROWS:
        raise UnreadableList("too_many_rows")
    if len(rows) == 1:
        raise UnreadableList("empty")
    return [{header[i]: cell for i, cell in enumerate(r) if i < len(header) and header[i]} for r in rows[1:]]


def _header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip()
    return re.sub(r"\s|[（(].*?[)）]|\*|※", "", text)  # 「氏名 (必須)」「*氏名」 name the same column


# checking --------------------------------------------------------------------------------------
def _instant(text: str) -> datetime:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("/", "-")
    cleaned = re.sub(r"^(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", cleaned)
    cleaned = re.sub(r"[ T](\d{1,2}):(\d{2})", lambda m: f"T{int(m[1]):02d}:{m[2]}", cleaned)
    return parse_instant(cleaned)


def _consent(text: str) -> bool | None:
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    if folded in _YES:
        return True
    if folded in _NO:
        return None if folded == "" else False
    raise ValueError(text)


def check_activity(values: dict[str, str], today: date) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    found: dict[str, Any] = {}
    for name, limit in (("title", TITLE_MAX), ("content", CONTENT_MAX), ("place", PLACE_MAX)):
        text = normalize_line(values.get(name) or "")
        if not text:
            errors[name] = "required"
        elif len(text) > limit:
            errors[name] = "too_long"
        elif any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
            errors[name] = "invalid"
        found[name] = text
    for name in ("start", "end"):
        text = values.get(name) or ""
        if not text.strip():
            errors[name] = "required"
            continue
        try:
            found[name] = _instant(text)
        except (ValueError, OverflowError):
            errors[name] = "not_a_time"
    if "start" in found and "end" in found:
        first = found["start"].astimezone(JST).date()
        if first < RECORDS_FROM:
            errors["start"] = "before_system_start"
        elif first > today:
            errors["start"] = "in_future"
        elif found["end"] <= found["start"]:
            errors["end"] = "end_before_start"
    return found, errors


def check_rows(conn: Connection, rows: list[dict[str, str]], *, today: date | None = None) -> Checked:
    today = today or clock.today()
    key = manual_identity.secret(conn)
    checked = Checked()
    seen: set[tuple] = set()
    for index, values in enumerate(rows):
        number = index + 2
        errors: dict[str, str] = {}
        activity, activity_errors = check_activity(values, today)
        errors.update(activity_errors)
        day = None
        if not activity_errors:
            first, last = activity["start"].astimezone(JST).date(), activity["end"].astimezone(JST).date()
            day = first
            if (values.get("day") or "").strip():
                try:
                    day = _instant(values["day"]).astimezone(JST).date() if ":" in values["day"] \
                        else date.fromisoformat(unicodedata.normalize("NFKC", values["day"]).strip().replace("/", "-"))
                except ValueError:
                    errors["day"] = "not_a_time"
                else:
                    if not first <= day <= last:
                        errors["day"] = "outside_activity"
                    elif day > today:
                        errors["day"] = "in_future"
        person_data: dict[str, Any] = {k: values[k] for k in PERSON_FIELDS if values.get(k, "").strip()}
        if "guardian_consent" in person_data:
            try:
                person_data["guardian_consent"] = _consent(person_data["guardian_consent"])
            except ValueError:
                errors["guardian_consent"] = "invalid"
                del person_data["guardian_consent"]
        try:
            record = validate_manual_record(person_data, today=day or today)
        except ManualRecordInvalid as invalid:
            for name, reason in invalid.errors.items():
                errors.setdefault(name, reason)
            record = None
        if errors or record is None:
            checked.errors += [RowError(number, name, reason) for name, reason in errors.items()]
            continue
        activity_key = tuple(str(activity[k]) for k in ACTIVITY_FIELDS)
        person = person_key(record.name, record.birth_date, key)
        if (activity_key, person, day) in seen:
            checked.errors.append(RowError(number, "record", "duplicate_in_file"))
            continue
        seen.add((activity_key, person, day))
        facts = record.record_details()
        at = record.accepted_at or activity["start"]
        if at.astimezone(JST).date() != day:
            at = datetime.combine(day, activity["start"].astimezone(JST).timetz())
        checked.entries.append(Entry(number, activity_key, activity, day, at, person,
                                     {**record.personal_details(), **facts}, facts))
    return checked


# importing -------------------------------------------------------------------------------------
def _activity_id(lg_code: str, key: tuple[str, ...]) -> str:
    # The same list uploaded again names the same activity, so its rows come back as duplicates.
    return "p-" + hashlib.sha256("\x1f".join((lg_code, *key)).encode("utf-8")).hexdigest()[:16]


def _existing(conn: Connection, area: scope.Area, activity: dict[str, Any], venue: str) -> str | None:
    rows = conn.execute(select(activities).where(scope.activity_in(area), activities.c.title == activity["title"],
                                                 activities.c.venue == venue)).all()
    for row in rows:
        if parse_instant(row.starts_at) == activity["start"] and parse_instant(row.ends_at) == activity["end"]:
            return row.id
    return None


def import_entries(conn: Connection, area: scope.Area, lg_code: str, entries: list[Entry], *, kind: str,
                   venue: str, activity_id: str | None = None) -> tuple[Checked, dict[str, Any]]:
    """Write the checked entries in the caller's transaction; the caller rolls back on any error returned.

    With `activity_id`, every entry is for that catalogue activity (the one-record form)."""
    if kind not in {k.value for k in ActivityKind}:
        raise ValueError(kind)
    ids: dict[tuple, str] = {}
    created = 0
    for entry in entries:
        if activity_id is not None:
            ids[entry.activity_key] = activity_id
        elif entry.activity_key not in ids:
            found = _existing(conn, area, entry.activity, venue)
            if found is None:
                found = _activity_id(lg_code, entry.activity_key)
                if conn.execute(select(activities.c.id).where(activities.c.id == found)).first() is None:
                    a = entry.activity
                    admin.upsert_activity(conn, id=found, title=a["title"], kind=kind, venue=venue,
                                          start=a["start"].isoformat(), end=a["end"].isoformat(),
                                          designating=lg_code, place=a["place"], content=a["content"])
                    created += 1
            ids[entry.activity_key] = found
    problems = Checked()
    counted = select(attendance_evidence.c.attendance_id).where(attendance_evidence.c.active.is_(True))
    for entry in entries:
        already = conn.execute(select(attendance.c.id).where(
            attendance.c.person == entry.person, attendance.c.activity_id == ids[entry.activity_key],
            attendance.c.day == entry.day.isoformat(), attendance.c.id.in_(counted))).first()
        if already is not None:
            problems.errors.append(RowError(entry.row, "record", "duplicate"))
    if problems.errors:
        return problems, {}
    console_device = signer.signer_for(conn, lg_code)
    wire = signer.records(conn, console_device, [
        {"activity": ids[e.activity_key], "day": e.day, "at": e.at, "person": e.person, "details": e.details,
         "extra": {"manual": e.facts, "source": "pre_system"}} for e in entries])
    results = []
    for i in range(0, len(wire), ingest.MAX_BATCH):
        results += ingest.ingest_batch(conn, console_device.device_id, wire[i:i + ingest.MAX_BATCH])
    refused = [r for r in results if r["status"] != ingest.ACCEPTED]
    if refused:
        raise RuntimeError(f"the console's own records were refused: {refused[0]['reason']}")
    return problems, {"records": len(results), "activities": created, "activity_ids": sorted(set(ids.values()))}


def day_problem(day: date | None, activity: dict[str, Any], today: date) -> str | None:
    if day is None:
        return "not_a_time"
    first, last = activity["starts"].date(), activity["ends"].date()
    if day < RECORDS_FROM:
        return "before_system_start"
    if day > today:
        return "in_future"
    if not first <= day <= last:
        return "outside_activity"
    return None


def single_entry(conn: Connection, activity: dict[str, Any], day: date, data: dict[str, Any]) -> Entry:
    """One record from the console's form for a catalogue activity; raises ManualRecordInvalid."""
    record = validate_manual_record(data, today=day)
    facts = record.record_details()
    at = record.accepted_at if record.accepted_at and record.accepted_at.astimezone(JST).date() == day else \
        datetime.combine(day, activity["starts"].timetz())
    return Entry(2, (activity["id"],), {}, day, at, person_key(record.name, record.birth_date,
                                                                manual_identity.secret(conn)),
                 {**record.personal_details(), **facts}, facts)
