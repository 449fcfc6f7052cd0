"""The inbox keeps how far each member of staff has read each conversation, their notes on it, and the ready
answers supervisors manage.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_reads",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("last_read_message_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_conversation_reads_user_id_users")),
        sa.ForeignKeyConstraint(
            ["conversation_pk"], ["conversations.id"], name=op.f("fk_conversation_reads_conversation_pk_conversations")
        ),
        sa.PrimaryKeyConstraint("user_id", "conversation_pk", name=op.f("pk_conversation_reads")),
    )
    op.create_table(
        "conversation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"], ["conversations.id"], name=op.f("fk_conversation_notes_conversation_pk_conversations")
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_conversation_notes_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_notes")),
    )
    op.create_index(
        op.f("ix_conversation_notes_conversation_pk"), "conversation_notes", ["conversation_pk"], unique=False
    )
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shortcut", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_canned_replies_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_replies")),
        sa.UniqueConstraint("shortcut", name=op.f("uq_canned_replies_shortcut")),
    )


def downgrade() -> None:
    op.drop_table("canned_replies")
    op.drop_index(op.f("ix_conversation_notes_conversation_pk"), table_name="conversation_notes")
    op.drop_table("conversation_notes")
    op.drop_table("conversation_reads")
