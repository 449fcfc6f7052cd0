"""Learning from conversations: misread messages and retrainings.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "misreadings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("suggested_intent", sa.String(length=60), nullable=True),
        sa.Column("suggested_confidence", sa.Double(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("intent", sa.String(length=60), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_misreadings_message_id_messages")),
        sa.ForeignKeyConstraint(["reported_by_id"], ["users.id"], name=op.f("fk_misreadings_reported_by_id_users")),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["users.id"], name=op.f("fk_misreadings_reviewed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_misreadings")),
        sa.UniqueConstraint("message_id", name=op.f("uq_misreadings_message_id")),
    )
    op.create_index(op.f("ix_misreadings_status"), "misreadings", ["status"], unique=False)
    op.create_table(
        "retrainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("baseline_f1", sa.Double(), nullable=True),
        sa.Column("candidate_f1", sa.Double(), nullable=True),
        sa.Column("model_file", sa.String(length=500), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name=op.f("fk_retrainings_requested_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retrainings")),
    )
    op.create_index(op.f("ix_retrainings_status"), "retrainings", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_retrainings_status"), table_name="retrainings")
    op.drop_table("retrainings")
    op.drop_index(op.f("ix_misreadings_status"), table_name="misreadings")
    op.drop_table("misreadings")
