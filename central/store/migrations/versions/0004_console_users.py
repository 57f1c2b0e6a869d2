"""the staff console: users, sessions, sign-in failures, audit log, the central's own signers, and what
the station list shows about each device

Revision ID: 0004_console_users
Revises: 0003_activity_proposals
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_console_users"
down_revision = "0003_activity_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("login", sa.String(64), nullable=False, unique=True),
        sa.Column("lg_code", sa.String(6), sa.ForeignKey("local_governments.code"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("disabled_at", sa.String(40), nullable=True),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("console_users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("last_seen_at", sa.String(40), nullable=False),
        sa.Column("ended_at", sa.String(40), nullable=True),
    )
    op.create_index("ix_console_sessions_user", "console_sessions", ["user_id"])
    op.create_table(
        "console_sign_in_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("login_hash", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_console_sign_in_failures_login", "console_sign_in_failures", ["login_hash", "at"])
    op.create_index("ix_console_sign_in_failures_client", "console_sign_in_failures", ["client", "at"])
    op.create_table(
        "console_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("console_users.id"), nullable=True),
        sa.Column("lg_code", sa.String(6), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200), nullable=True),
        sa.Column("facts", sa.JSON, nullable=False),
    )
    op.create_index("ix_console_audit_lg_at", "console_audit", ["lg_code", "at"])
    op.create_table(
        "console_signers",
        sa.Column("device_id", sa.String(100), sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("lg_code", sa.String(6), sa.ForeignKey("local_governments.code"), nullable=False, unique=True),
        sa.Column("private_pem", sa.Text, nullable=False),
    )
    # Plain ADD COLUMN (no table copy): records reference devices, and SQLite checks foreign keys.
    op.add_column("devices", sa.Column("kind", sa.String(10), nullable=False, server_default="station"))
    op.add_column("devices", sa.Column("last_seen_at", sa.String(40), nullable=True))
    op.add_column("devices", sa.Column("last_sync_at", sa.String(40), nullable=True))
    op.add_column("devices", sa.Column("clock_offset_s", sa.Integer, nullable=True))


def downgrade() -> None:
    for column in ("clock_offset_s", "last_sync_at", "last_seen_at", "kind"):
        op.drop_column("devices", column)
    op.drop_table("console_signers")
    op.drop_index("ix_console_audit_lg_at", table_name="console_audit")
    op.drop_table("console_audit")
    op.drop_index("ix_console_sign_in_failures_client", table_name="console_sign_in_failures")
    op.drop_index("ix_console_sign_in_failures_login", table_name="console_sign_in_failures")
    op.drop_table("console_sign_in_failures")
    op.drop_index("ix_console_sessions_user", table_name="console_sessions")
    op.drop_table("console_sessions")
    op.drop_table("console_users")
