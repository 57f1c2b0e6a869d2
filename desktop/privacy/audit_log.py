"""An append-only record of sensitive actions, with no personal data in it.

One JSON object per line in `<data>/audit.jsonl`: time, event, a small set of facts (counts,
record ids, reasons), and `prev` — the SHA-256 of the previous line — so a deleted or edited line
shows up in `verify()`. (Anyone who can rewrite the whole file can forge a new chain; the chain
makes quiet edits evident, it does not make them impossible. Copies of the tail hash in
`station_meta` or in each sync batch would anchor it — see docs/SECURITY.md.)

Facts are checked before writing: only whitelisted keys; strings must be short and must not look
like personal data (the same detector as the log filter). A fact that fails is refused with
ValueError rather than written redacted, so the mistake is found in tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.privacy.log_redaction import looks_personal

FILE_NAME = "audit.jsonl"
GENESIS = "0" * 64

EVENTS = frozenset({
    "station_protected",      # first passphrase set
    "passphrase_changed",
    "unlock_ok",
    "unlock_failed",
    "unlock_throttled",
    "locked",                 # idle or manual lock
    "details_viewed",         # an operator opened one record's details
    "csv_export",             # personal data left the station as a file
    "xlsx_export",
    "participant_list_printed",  # ... or on paper (printer or PDF)
    "bundle_export",
    "records_requeued",       # the operator sent records the central had refused back to the outbox
    "details_purged",
    "retention_changed",      # the operator changed how long details stay after the central has them
    "key_file_unprotected_warning",
})
FACT_KEYS = frozenset({
    "actor", "via", "rows", "records", "record_id", "activity_id", "reason", "file_name", "keep_days",
    "retry_after_s", "failures", "key_id", "columns", "count",
})
MAX_TEXT = 200


class AuditLog:
    def __init__(self, path: Path, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def for_data_dir(cls, root: Path, **kwargs) -> AuditLog:
        return cls(Path(root) / FILE_NAME, **kwargs)

    @staticmethod
    def _check(event: str, facts: dict[str, Any]) -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        for key, value in facts.items():
            if key not in FACT_KEYS:
                raise ValueError(f"audit fact {key!r} is not allowed")
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if item is None or isinstance(item, bool | int | float):
                    continue
                if not isinstance(item, str):
                    raise ValueError(f"audit fact {key!r} must be a number, boolean or short text")
                if len(item) > MAX_TEXT or looks_personal(item):
                    raise ValueError(f"audit fact {key!r} looks like personal data; not written")

    def _tail_hash(self) -> str:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - 8192))
                lines = [line for line in fh.read().split(b"\n") if line.strip()]
        except FileNotFoundError:
            return GENESIS
        return hashlib.sha256(lines[-1]).hexdigest() if lines else GENESIS

    def append(self, event: str, **facts: Any) -> dict[str, Any]:
        self._check(event, facts)
        with self._lock:
            entry = {"at": self._clock().isoformat(), "event": event, **facts, "prev": self._tail_hash()}
            line = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self) -> list[dict[str, Any]]:
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def verify(self) -> list[int]:
        """Line numbers (1-based) whose `prev` does not match the line before: edits or deletions."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        broken, prev = [], GENESIS
        for number, line in enumerate((row for row in raw.split(b"\n") if row.strip()), start=1):
            try:
                if json.loads(line).get("prev") != prev:
                    broken.append(number)
            except ValueError:
                broken.append(number)
            prev = hashlib.sha256(line).hexdigest()
        return broken
