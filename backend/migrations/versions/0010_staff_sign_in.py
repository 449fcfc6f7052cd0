"""Refused logins are kept with the rest, and an account can be told to change its password at its next login.

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


def downgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.drop_column("must_change_password")
    with op.batch_alter_table("login_attempts") as attempts:
        attempts.drop_column("refused")
