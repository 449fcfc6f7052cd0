"""A lead waiting outside coverage records when it was told that coverage arrived.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as leads:
        leads.add_column(sa.Column("coverage_arrived_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leads") as leads:
        leads.drop_column("coverage_arrived_at")
