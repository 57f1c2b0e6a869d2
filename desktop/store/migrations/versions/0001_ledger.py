"""Activities, the append-only ledger, the attendance projection and personal details.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("content", sa.Text, nullable=False, server_default=""),
        sa.Column("designating_lg", sa.String(6), nullable=False),
        sa.Column("venue_lg", sa.String(6), nullable=False),
        sa.Column("place", sa.Text, nullable=False, server_default=""),
        sa.Column("starts_at", sa.String(32), nullable=False),
        sa.Column("ends_at", sa.String(32), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "ledger",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("record_id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("activity_id", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("person_key", sa.String(80), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("sig", sa.Text, nullable=False),
    )
    op.create_index("ix_ledger_activity_day", "ledger", ["activity_id", "day"])
    # The ledger is evidence: the file itself refuses to change or lose a record.
    op.execute(
        "CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger "
        "BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger "
        "BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END"
    )
    op.create_table(
        "attendance",
        sa.Column("record_id", sa.String(36), sa.ForeignKey("ledger.record_id"), primary_key=True),
        sa.Column("activity_id", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("person_key", sa.String(80), nullable=False),
        sa.Column("entry_at", sa.String(32), nullable=False),
        sa.Column("exit_at", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changed_by", sa.String(36)),
        sa.Column("reason", sa.Text),
    )
    op.create_index(
        "ux_attendance_active",
        "attendance",
        ["activity_id", "day", "person_key"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
    )
    op.create_table(
        "personal_details",
        sa.Column("record_id", sa.String(36), sa.ForeignKey("ledger.record_id"), primary_key=True),
        sa.Column("details", sa.Text),
        sa.Column("purged_at", sa.String(32)),
    )


def downgrade() -> None:
    op.drop_table("personal_details")
    op.drop_index("ux_attendance_active", "attendance")
    op.drop_table("attendance")
    op.execute("DROP TRIGGER ledger_no_delete")
    op.execute("DROP TRIGGER ledger_no_update")
    op.drop_index("ix_ledger_activity_day", "ledger")
    op.drop_table("ledger")
    op.drop_table("activities")
    op.drop_table("station_meta")
