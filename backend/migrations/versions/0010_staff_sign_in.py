"""Refused logins are kept with the rest, an account can be told to change its password at its next login, and
staff can add a second factor (a TOTP secret, one-time recovery codes kept hashed).

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempts") as attempts:
        attempts.add_column(sa.Column("refused", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        users.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        users.add_column(sa.Column("totp_confirmed_at", sa.DateTime(), nullable=True))
        users.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("users") as users:
        for column in ("totp_last_step", "totp_confirmed_at", "totp_secret", "must_change_password"):
            users.drop_column(column)
    with op.batch_alter_table("login_attempts") as attempts:
        attempts.drop_column("refused")
