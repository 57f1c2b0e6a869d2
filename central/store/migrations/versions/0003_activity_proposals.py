"""activities proposed by stations, stations designated as a whole, participants' own check-ins

Revision ID: 0003_activity_proposals
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_activity_proposals"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="designated"))
        batch.add_column(sa.Column("proposed_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("decided_at", sa.String(40), nullable=True))
        batch.add_column(sa.Column("decision_note", sa.Text, nullable=True))
    op.create_index("ix_activities_status", "activities", ["status"])
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("designated_whole", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "self_checkins",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("attendance_id", sa.Integer, sa.ForeignKey("attendance.id"), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("activity_id", sa.String(100), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("card_sha256", sa.String(64), nullable=False),
        sa.Column("activity_sha256", sa.String(64), nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.UniqueConstraint("person", "activity_id", "day", name="uq_self_checkins_person_activity_day"),
    )
    op.create_index("ix_self_checkins_attendance_id", "self_checkins", ["attendance_id"])


def downgrade() -> None:
    op.drop_index("ix_self_checkins_attendance_id", table_name="self_checkins")
    op.drop_table("self_checkins")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("designated_whole")
    op.drop_index("ix_activities_status", table_name="activities")
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("decision_note")
        batch.drop_column("decided_at")
        batch.drop_column("proposed_by")
        batch.drop_column("status")
