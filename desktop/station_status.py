"""What `furusato-field status` says: the station's state for scripts and support calls.

Read from the database and the data folder without unlocking anything — no passphrase is needed
to tell support how many records wait — and it holds no personal data: counts, codes, times, ids
of the station itself. A folder that holds no station yet is reported as such, and not created.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop import __version__, paths
from desktop.privacy import key_store, retention
from desktop.record_settings import RecordSettings
from desktop.store import migrate
from desktop.store.db import make_engine
from desktop.store.station_meta import StationMeta
from desktop.store.tables import ledger, outbox, personal_details
from desktop.sync import answer_trust, clock
from desktop.sync import outbox as outbox_rules
from desktop.sync.enrollment import META_LG, META_LG_NAME, META_SERVER
from desktop.sync.errors import UNVERIFIED_ANSWER_CODES
from desktop.sync.receipt import META_RECEIPT_AT
from desktop.sync.sync_round import META_LAST_ERROR


def _count(conn, table, *where) -> int:
    return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def status(root: Path) -> dict[str, Any]:
    db_file = paths.database_file(root)
    if not db_file.exists():
        return {"enrolled": False, "local_government": None, "local_government_name": None, "pending": 0,
                "rejected": 0, "last_sync": None, "retention_days": retention.DEFAULT_KEEP_DAYS,
                "initialized": False, "version": __version__}
    engine = make_engine(db_file)
    try:
        migrate.upgrade(engine, db_file, paths.backups_dir(root))
        meta = StationMeta(engine)
        states = outbox_rules.state_counts(engine)
        blocked = outbox_rules.blockage(engine)
        with engine.connect() as conn:
            unverified = _count(conn, outbox, outbox.c.state == "pending", outbox.c.last_error.in_(UNVERIFIED_ANSWER_CODES))
            records = _count(conn, ledger)
            held = _count(conn, personal_details, personal_details.c.details.is_not(None))
            purged = _count(conn, personal_details, personal_details.c.purged_at.is_not(None))
        return {
            "enrolled": bool(meta.get(META_SERVER)),
            "local_government": meta.get(META_LG),
            "local_government_name": meta.get(META_LG_NAME),
            "pending": states.get("pending", 0),
            "rejected": states.get("rejected", 0),
            "sent": states.get("sent", 0),
            "last_sync": meta.get("last_sync_at"),
            "last_error": meta.get(META_LAST_ERROR) or None,
            "unverified_answers": unverified,
            "blocked": ({"seq": blocked.seq, "reason": blocked.reason, "waiting": blocked.waiting}
                        if blocked is not None else None),
            "last_receipt": meta.get(META_RECEIPT_AT),
            "retention_days": RecordSettings(meta).retention_days,
            "date_style": RecordSettings(meta).date_style,
            "details_held": held,
            "details_purged": purged,
            "device_id": meta.get("device_id"),
            "server": meta.get(META_SERVER),
            "answer_keys": len(answer_trust.trusted(meta)),
            "clock_skew_seconds": clock.known_skew(meta),
            "protected": key_store.is_protected(root),
            "ledger_records": records,
            "database_bytes": sum(f.stat().st_size for f in (db_file, db_file.with_name(db_file.name + "-wal"))
                                  if f.exists()),
            "schema_version": migrate.current_revision(engine),
            "initialized": True,
            "version": __version__,
        }
    finally:
        engine.dispose()
