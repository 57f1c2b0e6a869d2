"""Attendance as an Excel workbook: Japanese headers, one row per attendance, and codes, phones,
postal codes and ids as text cells (Excel would otherwise drop a postal code's leading zero or turn
a phone into a number). Personal columns only for roles that see personal details.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import phonenumbers
from openpyxl import Workbook
from openpyxl.styles import Font

from central.console import texts
from central.console.evidence import Attendance

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "@"
BASE_COLUMNS = ("活動ID", "活動名", "開催地コード", "開催地", "活動日", "参加者ID", "記録の方法", "集計",
                "記録した端末", "端末の記録日時", "注意")
PERSONAL_COLUMNS = ("氏名", "フリガナ", "生年月日", "郵便番号", "住所", "電話番号", "メールアドレス", "性別")
_TEXT_COLUMNS = {"活動ID", "開催地コード", "活動日", "参加者ID", "端末の記録日時", "生年月日", "郵便番号", "電話番号"}
GENDERS = {"female": "女性", "male": "男性", "other": "その他", "unspecified": "回答しない"}


def postal_display(code: Any) -> str:
    return f"{code[:3]}-{code[3:]}" if isinstance(code, str) and len(code) == 7 and code.isdigit() else ""


def phone_display(e164: Any) -> str:
    if not isinstance(e164, str) or not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "JP"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def attendance_workbook(found: Iterable[Attendance], activities: Mapping[str, Mapping[str, Any]], *,
                        personal: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "参加記録"
    columns = BASE_COLUMNS + (PERSONAL_COLUMNS if personal else ())
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in found:
        activity = activities.get(item.activity_id, {})
        kinds = sorted({texts.ja(texts.EVIDENCE, e.kind) for e in item.evidence})
        flags = sorted({texts.ja(texts.FLAGS, f) for e in item.evidence for f in e.flags})
        row = [item.activity_id, activity.get("title", ""), activity.get("venue", ""),
               texts.lg_label(activity.get("venue")), item.day, item.person, "・".join(kinds),
               "○" if item.counted else "取消済み", "・".join(sorted({e.device_label for e in item.evidence})),
               min((e.station_at for e in item.evidence), default=""), "・".join(flags)]
        if personal:
            d = item.details or {}
            row += [_text(d.get("name")), _text(d.get("name_kana")), _text(d.get("birth_date")),
                    postal_display(d.get("postal_code")), _text(d.get("address_prefix")) + _text(d.get("address")),
                    phone_display(d.get("phone")), _text(d.get("email")), GENDERS.get(d.get("gender"), "")]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text someone typed is never a formula (CSV/formula injection)
    for index, name in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(name) * 3))
        if name in _TEXT_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = TEXT
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
