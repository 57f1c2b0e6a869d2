"""The station's tables as SQLAlchemy Core metadata — the shape the latest migration produces.

Migrations in `migrations/versions/` are the authority on how the file gets there; this module
is what the code queries. A test checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, text

metadata = MetaData()

# Key/value facts about this station: device id, creation time, enrolment.
station_meta = Table(
    "station_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

activities = Table(
    "activities",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("content", Text, nullable=False, server_default=""),
    Column("designating_lg", String(6), nullable=False),
    Column("venue_lg", String(6), nullable=False),
    Column("place", Text, nullable=False, server_default=""),
    Column("starts_at", String(32), nullable=False),
    Column("ends_at", String(32), nullable=False),
    Column("source", String(16), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # designated | proposed (made at a station, not yet decided) | refused (furusato/activity_proposal.py)
    Column("status", String(12), nullable=False, server_default="designated"),
    Column("status_note", Text),
)

# Append-only: triggers created by the first migration refuse UPDATE and DELETE.
ledger = Table(
    "ledger",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("type", String(16), nullable=False),
    Column("activity_id", String(64), nullable=False),
    Column("day", String(10), nullable=False),
    Column("person_key", String(80), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("sig", Text, nullable=False),
    Index("ix_ledger_activity_day", "activity_id", "day"),
)

# The current state of each check-in, derived from the ledger and rebuilt from it if ever needed.
attendance = Table(
    "attendance",
    metadata,
    Column("record_id", String(36), ForeignKey("ledger.record_id"), primary_key=True),
    Column("activity_id", String(64), nullable=False),
    Column("day", String(10), nullable=False),
    Column("person_key", String(80), nullable=False),
    Column("entry_at", String(32), nullable=False),
    Column("exit_at", String(32)),
    Column("status", String(16), nullable=False),
    Column("changed_by", String(36)),
    Column("reason", Text),
    # One active check-in per person, activity and day: the database itself refuses a second.
    Index(
        "ux_attendance_active",
        "activity_id",
        "day",
        "person_key",
        unique=True,
        sqlite_where=text("status = 'active'"),
    ),
    # A participant's own history, counted at every scan (desktop/progress.py).
    Index("ix_attendance_person_day", "person_key", "day"),
)

# Identifying details live apart from the ledger so they can be protected and purged on their own.
personal_details = Table(
    "personal_details",
    metadata,
    Column("record_id", String(36), ForeignKey("ledger.record_id"), primary_key=True),
    Column("details", Text),
    Column("purged_at", String(32)),
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, ForeignKey("ledger.seq"), primary_key=True),
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("answered_at", String(32)),
    Column("answer", Text),
    Index("ix_outbox_state", "state", "seq"),
)
