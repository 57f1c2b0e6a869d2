"""Keeping personal data out of the station's log files.

`PersonalDataFilter` rewrites every record that passes a handler: the formatted message, any
exception text and stack are scanned and whatever looks like personal data — e-mail addresses,
phone numbers, 7-digit postal codes, calendar dates (a birth date cannot be told from other
dates, so all bare dates go; date-times with a clock time stay), JWS tokens (cards carry names),
values of fields named like personal data (`name=…`, `"address": "…"`), and any run of Japanese
script (names and addresses in kanji/kana; the code logs in English) — is replaced by a marker.
Latin-script names in free text cannot be recognised: the rule for code is still never to log
personal details; this filter is the net under that rule.

`configure_logging(data_dir)` installs a rotating file handler in `<data>/logs/` with the filter.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import unicodedata
from pathlib import Path

LOG_FILE = "furusato-field.log"
_HANDLER_NAME = "furusato-field-file"

_FIELDS = (
    r"name|name_kana|full_?name|kana|birth_?date|birthday|dob|address|address_prefix|postal_code|zip|"
    r"e-?mail|phone|phone_display|tel|token|details|conditions|gender"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # key=value / "key": "value" for fields named like personal data (whole quoted value or one word)
    ("FIELD", re.compile(
        rf"""(?i)(["']?\b(?:{_FIELDS})\b["']?\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;}}\]]+)"""
    )),
    ("TOKEN", re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")),
    ("EMAIL", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")),
    # Japanese phone numbers: +81 or 0, then 9–10 more digits with optional separators
    ("PHONE", re.compile(r"(?<!\d)(?:\+81[\s\-]?|0)\d{1,4}[\s\-\(\)]?\d{1,4}[\s\-\)]?\d{3,4}(?!\d)")),
    ("POSTAL", re.compile(r"(?:〒\s?)?(?<!\d)\d{3}-\d{4}(?!\d)|〒\s?\d{7}(?!\d)|(?<![\d.\-])\d{7}(?![\d.\-])")),
    # dates: 1990-04-01, 1990/4/1, 1990.04.01 not followed by a clock time; 1990年4月1日; 平成2年4月1日
    ("DATE", re.compile(
        r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?![\dT:]|\s\d{1,2}:)"
        r"|(?:明治|大正|昭和|平成|令和|[MTSHR])\s?(?:\d{1,2}|元)\s?[年./\-]\s?\d{1,2}\s?[月./\-]\s?\d{1,2}日?"
        r"|\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"
    )),
    # Japanese script: names and addresses cannot be told from other words, and the code logs in
    # English, so every run of kanji/kana goes (Latin-script names are the known gap).
    ("JA", re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
                      r"(?:[\s\u3000]+[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+)*")),
]


def redact(text: str) -> str:
    # NFKC first so full-width digits (０９０−１２３４…) and ＠ are caught too.
    text = unicodedata.normalize("NFKC", text)
    for label, pattern in _PATTERNS:
        if label == "FIELD":
            text = pattern.sub(lambda m: m.group(1) + "[REDACTED]", text)
        else:
            text = pattern.sub(f"[{label}]", text)
    return text


def looks_personal(text: str) -> bool:
    return redact(text) != unicodedata.normalize("NFKC", text)


class PersonalDataFilter(logging.Filter):
    """Strips personal-looking data from each record; with `refuse=True` drops such records instead."""

    def __init__(self, refuse: bool = False):
        super().__init__()
        self.refuse = refuse
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log the template only, never the arguments
            message = str(record.msg)
        cleaned = redact(message)
        if self.refuse and cleaned != unicodedata.normalize("NFKC", message):
            return False
        record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def _open(self):
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


def configure_logging(data_dir: Path, *, level: int = logging.INFO, max_bytes: int = 1_000_000, backups: int = 5):
    """Idempotent: one rotating, redacting file handler on the root logger. Returns it.

    Asked again for another data folder (a test process, or a station moved to another folder),
    the handler moves there: a station's log belongs beside its own data, never another's."""
    root = logging.getLogger()
    folder = Path(data_dir) / "logs"
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            if handler.baseFilename == os.path.abspath(folder / LOG_FILE):
                return handler
            root.removeHandler(handler)
            handler.close()
    folder.mkdir(parents=True, exist_ok=True)
    handler = _PrivateRotatingFileHandler(folder / LOG_FILE, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return handler
