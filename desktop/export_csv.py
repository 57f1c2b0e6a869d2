"""Attendance as CSV for the local government's spreadsheets.

UTF-8 with a byte-order mark, because Excel in Japan opens BOM-less UTF-8 as Shift_JIS and shows
mojibake; CRLF line ends for the same readers. Written to a temporary file and renamed, so a
pulled USB stick never holds half a file under the final name.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from desktop.store.attendance_view import AttendanceRow
from furusato.activity import Activity

COLUMNS = (
    ("record_id", "記録ID"),
    ("activity_id", "活動ID"),
    ("activity_title", "活動名"),
    ("venue_lg", "活動場所（団体コード）"),
    ("place", "場所"),
    ("day", "活動日"),
    ("entry_at", "受付日時"),
    ("exit_at", "退出日時"),
    ("status", "状態"),
    ("reason", "訂正・取消理由"),
    ("kind", "参加者区分"),
    ("card_subject", "登録証ID"),
    ("name", "氏名"),
    ("name_kana", "氏名（カナ）"),
    ("postal_code", "郵便番号"),
    ("address", "住所"),
    ("birth_date", "生年月日"),
    ("email", "メールアドレス"),
    ("phone", "電話番号"),
    ("gender", "性別"),
    ("conditions", "参加条件"),
    ("accepted_at", "受付時刻（申告）"),
    ("guardian_consent", "保護者同意"),
)


def _row(row: AttendanceRow, activity: Activity | None) -> dict[str, str]:
    details = row.details or {}
    address = "".join(part for part in (details.get("address_prefix"), details.get("address")) if part)
    consent = details.get("guardian_consent")
    return {
        "record_id": row.record_id,
        "activity_id": row.activity_id,
        "activity_title": activity.title if activity else "",
        "venue_lg": activity.venue_lg if activity else "",
        "place": activity.place if activity else "",
        "day": row.day,
        "entry_at": row.entry_at,
        "exit_at": row.exit_at or "",
        "status": row.status,
        "reason": row.reason or "",
        "kind": "card" if row.is_card else "manual",
        "card_subject": row.person_key.split(":", 1)[1] if row.is_card else "",
        "name": details.get("name") or "",
        "name_kana": details.get("name_kana") or "",
        "postal_code": details.get("postal_code") or "",
        "address": address,
        "birth_date": details.get("birth_date") or "",
        "email": details.get("email") or "",
        "phone": details.get("phone_display") or details.get("phone") or "",
        "gender": details.get("gender") or "",
        "conditions": details.get("conditions") or "",
        "accepted_at": details.get("accepted_at") or "",
        "guardian_consent": "" if consent is None else ("はい" if consent else "いいえ"),
    }


def _write_rows(out, rows: Iterable[AttendanceRow], activities: dict[str, Activity]) -> int:
    writer = csv.DictWriter(out, fieldnames=[key for key, _ in COLUMNS], lineterminator="\r\n")
    out.write(",".join(label for _, label in COLUMNS) + "\r\n")
    count = 0
    for row in rows:
        writer.writerow(_row(row, activities.get(row.activity_id)))
        count += 1
    return count


def render(rows: Iterable[AttendanceRow], activities: dict[str, Activity]) -> str:
    buffer = io.StringIO()
    _write_rows(buffer, rows, activities)
    return buffer.getvalue()


def write(path: Path, rows: Iterable[AttendanceRow], activities: dict[str, Activity]) -> int:
    """Rows are written as they come (a million rows are not one string in memory, nor one long
    encode that holds the interpreter while the window waits); returns how many."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            count = _write_rows(fh, rows, activities)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    os.replace(tmp, path)
    return count
