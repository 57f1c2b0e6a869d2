"""answer-signing keys: the central signs its per-record answers and receipts with them

Revision ID: 0005_answer_signing
Revises: 0004_console_users
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_answer_signing"
down_revision = "0004_console_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_keys",
        sa.Column("kid", sa.String(100), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("private_pem", sa.Text, nullable=False),
        sa.Column("public_jwk", sa.JSON, nullable=False),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("retired_at", sa.String(40), nullable=True),
        sa.UniqueConstraint("position", name="uq_answer_keys_position"),
    )


def downgrade() -> None:
    op.drop_table("answer_keys")
