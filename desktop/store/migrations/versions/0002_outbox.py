"""The sync outbox: one row per ledger record, pending until the central has answered for it.

Stations that recorded before this revision get their existing records queued, so nothing
recorded before an upgrade is left out of the first sync.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, sa.ForeignKey("ledger.seq"), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("answered_at", sa.String(32)),
        sa.Column("answer", sa.Text),
    )
    op.create_index("ix_outbox_state", "outbox", ["state", "seq"])
    op.execute("INSERT INTO outbox (seq, state, attempts) SELECT seq, 'pending', 0 FROM ledger")


def downgrade() -> None:
    op.drop_index("ix_outbox_state", "outbox")
    op.drop_table("outbox")
