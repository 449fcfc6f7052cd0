"""Invoices carry what Bolivia's online invoicing requires: the authorisation code (CUF) made with the day's code
of the tax office, kept per point of sale and day, and the consumer-rights legend printed on them.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invoices") as invoices:
        invoices.add_column(sa.Column("authorisation_code", sa.String(length=120), nullable=True))
        invoices.add_column(sa.Column("legend", sa.Text(), nullable=True))
    op.create_table(
        "invoice_daily_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("branch", sa.Integer(), nullable=False),
        sa.Column("point_of_sale", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("control_code", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_daily_codes")),
        sa.UniqueConstraint("day", "branch", "point_of_sale", name="uq_invoice_daily_codes_point_day"),
    )


def downgrade() -> None:
    op.drop_table("invoice_daily_codes")
    with op.batch_alter_table("invoices") as invoices:
        invoices.drop_column("legend")
        invoices.drop_column("authorisation_code")
