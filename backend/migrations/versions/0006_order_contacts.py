"""Each request keeps the contact data it was made with; a CI on file with other contact data is flagged.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as orders:
        orders.add_column(sa.Column("contact_name", sa.String(length=120), nullable=True))
        orders.add_column(sa.Column("contact_phone", sa.String(length=20), nullable=True))
        orders.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        orders.add_column(sa.Column("ci_on_file_differs", sa.Boolean(), nullable=False, server_default=sa.false()))
    for column, source in (("contact_name", "full_name"), ("contact_phone", "phone"), ("contact_email", "email")):
        op.execute(
            f"UPDATE orders SET {column} = (SELECT {source} FROM customers WHERE customers.id = orders.customer_id)"
        )


def downgrade() -> None:
    with op.batch_alter_table("orders") as orders:
        for column in ("ci_on_file_differs", "contact_email", "contact_phone", "contact_name"):
            orders.drop_column(column)
