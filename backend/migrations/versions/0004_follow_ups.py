"""Follow-ups: what a state change still has to do outside the database, done by a worker with retries.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    op.create_index(op.f("ix_follow_ups_status"), "follow_ups", ["status"], unique=False)
    op.create_index(op.f("ix_follow_ups_next_attempt_at"), "follow_ups", ["next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_follow_ups_next_attempt_at"), table_name="follow_ups")
    op.drop_index(op.f("ix_follow_ups_status"), table_name="follow_ups")
    op.drop_table("follow_ups")
