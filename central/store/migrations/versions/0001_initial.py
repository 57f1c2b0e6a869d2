"""initial central schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "local_governments",
        sa.Column("code", sa.String(6), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("required", sa.Integer, nullable=False),
        sa.Column("consecutive_days_each_count", sa.Boolean, nullable=False),
        sa.Column("long_stay_days", sa.Integer, nullable=True),
        sa.Column("auto_approve", sa.Boolean, nullable=False),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("venue", sa.String(6), nullable=False),
        sa.Column("designating_lg", sa.String(6), nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("starts_at", sa.String(40), nullable=False),
        sa.Column("ends_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "enrollment_codes",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("lg_code", sa.String(6), sa.ForeignKey("local_governments.code"), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("used_at", sa.String(40), nullable=True),
        sa.Column("used_by", sa.String(100), nullable=True),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("kid", sa.String(100), nullable=False),
        sa.Column("public_jwk", sa.JSON, nullable=False),
        sa.Column("lg_code", sa.String(6), sa.ForeignKey("local_governments.code"), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("enrolled_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40), nullable=True),
    )
    op.create_table(
        "records",
        sa.Column("record_id", sa.String(100), primary_key=True),
        sa.Column("device_id", sa.String(100), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("sig", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("activity_id", sa.String(100), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("station_at", sa.String(40), nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.UniqueConstraint("device_id", "seq", name="uq_records_device_seq"),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("activity_id", sa.String(100), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("first_record_id", sa.String(100), nullable=False),
        sa.UniqueConstraint("person", "activity_id", "day", name="uq_attendance_person_activity_day"),
    )
    op.create_table(
        "attendance_evidence",
        sa.Column("record_id", sa.String(100), sa.ForeignKey("records.record_id"), primary_key=True),
        sa.Column("attendance_id", sa.Integer, sa.ForeignKey("attendance.id"), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("withdrawn_by", sa.String(100), nullable=True),
    )
    op.create_index("ix_attendance_evidence_attendance_id", "attendance_evidence", ["attendance_id"])
    op.create_table(
        "revoked_subjects",
        sa.Column("sub", sa.String(64), primary_key=True),
        sa.Column("revoked_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "platform_keys",
        sa.Column("kid", sa.String(100), primary_key=True),
        sa.Column("private_pem", sa.Text, nullable=False),
        sa.Column("public_jwk", sa.JSON, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("retired_at", sa.String(40), nullable=True),
    )
    op.create_table(
        "persons",
        sa.Column("sub", sa.String(64), primary_key=True),
        sa.Column("residence", sa.String(6), nullable=True),
        sa.Column("mynumber_verified", sa.Boolean, nullable=False),
        sa.Column("minor", sa.Boolean, nullable=False),
        sa.Column("guardian_consent", sa.Boolean, nullable=False),
        sa.Column("premium", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "persons", "platform_keys", "revoked_subjects", "attendance_evidence", "attendance",
        "records", "devices", "enrollment_codes", "activities", "local_governments",
    ):
        op.drop_table(name)
