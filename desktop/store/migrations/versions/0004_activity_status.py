"""Where each activity stands with its local government: designated, proposed by a station, refused.

Activities created at the station (furusato/activity_proposal.py) start as proposals; the central's
catalogue tells the station when they are designated or refused, and why.

Revision ID: 0004_activity_status
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_activity_status"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="designated"))
        batch.add_column(sa.Column("status_note", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("status_note")
        batch.drop_column("status")
