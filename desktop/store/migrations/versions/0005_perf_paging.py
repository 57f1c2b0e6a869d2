"""Instant at any size: the attendance list's order index, per-day counts kept by triggers, the keyed
search index of the sealed details; the ledger's unused (activity, day) index goes.

- `ix_attendance_activity_day_entry`: a page of the attendance list, and the check-in page's recent
  check-ins, are a range of it (LIMIT, keyset), not a sort of the activity's rows.
- `attendance_counts`: what the picker, the check-in page and `activities` show, counted once here
  by triggers in the transaction that adds or changes a row, instead of at every look (a count over
  the projection grows with the ledger: 1.8 s at 1,000,000 records).
- `details_search`: HMAC'd pieces of names, kana, e-mails, phones and card subjects, per activity,
  in entry order (desktop/store/search_index.py).
  The records already held are indexed after start, in the background, once the passphrase has
  opened the data key — a migration has no key — from the newest down: `search_backfill_below`
  in station_meta says where that work stands.
- `ix_ledger_activity_day`: nothing reads the ledger by activity and day; every check-in paid for it.

Revision ID: 0005_perf_paging
Revises: 0004_activity_status
Create Date: 2026-12-20
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_perf_paging"
down_revision = "0004_activity_status"
branch_labels = None
depends_on = None

# Adds the row's own contribution to its (activity, day), creating the counter row on first use.
_ADD = (
    "INSERT INTO attendance_counts (activity_id, day, active, total) "
    "VALUES (NEW.activity_id, NEW.day, NEW.status = 'active', 1) "
    "ON CONFLICT (activity_id, day) DO UPDATE SET active = active + excluded.active, total = total + 1;"
)
_REMOVE = (
    "UPDATE attendance_counts SET active = active - (OLD.status = 'active'), total = total - 1 "
    "WHERE activity_id = OLD.activity_id AND day = OLD.day;"
)
TRIGGERS = {
    "attendance_counts_insert": f"AFTER INSERT ON attendance BEGIN {_ADD} END",
    # Only when what is counted changes: a checkout (exit_at) leaves the counters alone.
    "attendance_counts_update": f"AFTER UPDATE OF status, activity_id, day ON attendance BEGIN {_REMOVE} {_ADD} END",
    "attendance_counts_delete": f"AFTER DELETE ON attendance BEGIN {_REMOVE} END",
}


def upgrade() -> None:
    op.drop_index("ix_ledger_activity_day", "ledger")
    op.create_index("ix_attendance_activity_day_entry", "attendance", ["activity_id", "day", "entry_at", "record_id"])
    op.create_table(
        "attendance_counts",
        sa.Column("activity_id", sa.String(64), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("active", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO attendance_counts (activity_id, day, active, total) "
        "SELECT activity_id, day, sum(status = 'active'), count(*) FROM attendance GROUP BY activity_id, day"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.create_table(
        "details_search",
        sa.Column("token", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ord", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_details_search_seq", "details_search", ["seq"])
    op.execute(
        "INSERT INTO station_meta (key, value) "
        "SELECT 'search_backfill_below', CAST(max(l.seq) + 1 AS TEXT) FROM ledger l "
        "JOIN personal_details p ON p.record_id = l.record_id WHERE p.details IS NOT NULL HAVING count(*) > 0"
    )


def downgrade() -> None:
    op.execute("DELETE FROM station_meta WHERE key = 'search_backfill_below'")
    op.drop_index("ix_details_search_seq", "details_search")
    op.drop_table("details_search")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("attendance_counts")
    op.drop_index("ix_attendance_activity_day_entry", "attendance")
    op.create_index("ix_ledger_activity_day", "ledger", ["activity_id", "day"])
