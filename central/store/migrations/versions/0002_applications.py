"""premium applications, lapsed registrations, central secrets

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "premium_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person", sa.String(64), sa.ForeignKey("persons.sub"), nullable=False),
        sa.Column("lg_code", sa.String(6), nullable=False),
        sa.Column("expires", sa.String(10), nullable=False),
        sa.Column("lapsed_on", sa.String(10), nullable=False),
        sa.Column("moved_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_premium_history_person", "premium_history", ["person"])
    op.create_table(
        "applications",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("person", sa.String(64), sa.ForeignKey("persons.sub"), nullable=False),
        sa.Column("lg_code", sa.String(6), sa.ForeignKey("local_governments.code"), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("submitted_at", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("decided_at", sa.String(40), nullable=True),
        sa.Column("decided_by", sa.String(10), nullable=True),
        sa.Column("decision_as_of", sa.String(10), nullable=True),
        sa.Column("recheck", sa.JSON, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("expires", sa.String(10), nullable=True),
    )
    op.create_index("ix_applications_lg_status", "applications", ["lg_code", "status"])
    op.create_index("ix_applications_person_lg", "applications", ["person", "lg_code"])
    op.create_table(
        "central_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("central_secrets")
    op.drop_index("ix_applications_person_lg", table_name="applications")
    op.drop_index("ix_applications_lg_status", table_name="applications")
    op.drop_table("applications")
    op.drop_index("ix_premium_history_person", table_name="premium_history")
    op.drop_table("premium_history")
