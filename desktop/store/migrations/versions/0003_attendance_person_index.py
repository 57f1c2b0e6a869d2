"""An index on the attendance projection by person and day.

The check-in screen counts a participant's past activities (desktop/progress.py) at every scan;
without this index that is a full scan of the projection, ~10–20 ms at 100,000 records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attendance_person_day", "attendance", ["person_key", "day"])


def downgrade() -> None:
    op.drop_index("ix_attendance_person_day", "attendance")
