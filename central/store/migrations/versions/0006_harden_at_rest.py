"""sealing at rest (per-local-government data keys), single-use device tokens, enrolment throttle,
check-out days on attendance evidence

Revision ID: 0006_harden_at_rest
Revises: 0005_answer_signing

Existing plain personal details, platform private keys and central secrets are sealed by
`central.vault.seal_existing` when the database is first opened with a master key after this
migration (it needs the key, which a migration script does not have).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_harden_at_rest"
down_revision = "0005_answer_signing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("lg_code", sa.String(6), nullable=False),
        sa.Column("wrapped", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_data_keys_lg_code", "data_keys", ["lg_code"], unique=True)
    op.create_table(
        "device_token_uses",
        sa.Column("device_id", sa.String(100), primary_key=True),
        sa.Column("jti", sa.String(64), primary_key=True),
        sa.Column("usable_until", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_device_token_uses_usable_until", "device_token_uses", ["usable_until"])
    op.create_table(
        "enrollment_throttle",
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.BigInteger, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    op.create_index("ix_devices_kid", "devices", ["kid"])
    with op.batch_alter_table("attendance_evidence") as batch:
        batch.add_column(sa.Column("exit_day", sa.String(10), nullable=True))
    with op.batch_alter_table("central_secrets") as batch:
        batch.alter_column("value", type_=sa.Text, existing_type=sa.String(128), existing_nullable=False)
    op.create_table(
        "vault_state",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("vault_state")
    with op.batch_alter_table("central_secrets") as batch:
        batch.alter_column("value", type_=sa.String(128), existing_type=sa.Text, existing_nullable=False)
    with op.batch_alter_table("attendance_evidence") as batch:
        batch.drop_column("exit_day")
    op.drop_index("ix_devices_kid", table_name="devices")
    op.drop_table("enrollment_throttle")
    op.drop_index("ix_device_token_uses_usable_until", table_name="device_token_uses")
    op.drop_table("device_token_uses")
    op.drop_index("ix_data_keys_lg_code", table_name="data_keys")
    op.drop_table("data_keys")
