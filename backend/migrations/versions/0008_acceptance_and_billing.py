"""Each request keeps the customer's explicit acceptance as evidence; plans state their minimum term; the
billing system's accounts (imported), a lead's debt and a sale's hand-over are kept; the backoffice checks
every request; equipment stock is reserved per request.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "billing_accounts",
        sa.Column("id_number", sa.String(length=30), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("debt_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("debt_since", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id_number", name=op.f("pk_billing_accounts")),
    )
    with op.batch_alter_table("leads") as leads:
        leads.add_column(sa.Column("billing_debt_bs", sa.Numeric(precision=10, scale=2), nullable=True))
        leads.add_column(sa.Column("prepaid_only_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("orders") as orders:
        orders.add_column(sa.Column("checked_at", sa.DateTime(), nullable=True))
        orders.add_column(
            sa.Column("equipment_status", sa.String(length=20), nullable=False, server_default="untracked")
        )
        orders.add_column(sa.Column("equipment_model", sa.String(length=80), nullable=True))
        orders.add_column(sa.Column("restock_on", sa.Date(), nullable=True))
        orders.add_column(sa.Column("billing_reference", sa.String(length=60), nullable=True))
        orders.add_column(sa.Column("handed_over_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("plans") as plans:
        plans.add_column(sa.Column("minimum_term_months", sa.Integer(), nullable=False, server_default="12"))
    op.create_table(
        "order_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("terms_text", sa.Text(), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("terms_message_id", sa.Integer(), nullable=False),
        sa.Column("answer_message_id", sa.Integer(), nullable=False),
        sa.Column("shown_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_order_acceptances_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["terms_message_id"], ["messages.id"], name=op.f("fk_order_acceptances_terms_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["answer_message_id"], ["messages.id"], name=op.f("fk_order_acceptances_answer_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_acceptances")),
        sa.UniqueConstraint("order_id", name=op.f("uq_order_acceptances_order_id")),
    )
    op.create_table(
        "backoffice_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_backoffice_checks_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backoffice_checks")),
    )
    op.create_index(op.f("ix_backoffice_checks_order_id"), "backoffice_checks", ["order_id"], unique=False)
    op.create_index(op.f("ix_backoffice_checks_state"), "backoffice_checks", ["state"], unique=False)
    op.create_table(
        "equipment_stock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("coverage_zone_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=80), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("preference", sa.Integer(), nullable=False),
        sa.Column("restock_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coverage_zone_id"], ["coverage_zones.id"], name=op.f("fk_equipment_stock_coverage_zone_id_coverage_zones")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_stock")),
        sa.UniqueConstraint(
            "technology", "coverage_zone_id", "model", name=op.f("uq_equipment_stock_technology_coverage_zone_id_model")
        ),
    )
    op.create_index(op.f("ix_equipment_stock_coverage_zone_id"), "equipment_stock", ["coverage_zone_id"], unique=False)
    op.create_table(
        "equipment_reservations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("stock_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_equipment_reservations_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["stock_id"], ["equipment_stock.id"], name=op.f("fk_equipment_reservations_stock_id_equipment_stock")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_reservations")),
        sa.UniqueConstraint("order_id", name=op.f("uq_equipment_reservations_order_id")),
    )
    op.create_index(op.f("ix_equipment_reservations_stock_id"), "equipment_reservations", ["stock_id"], unique=False)


def downgrade() -> None:
    op.drop_table("equipment_reservations")
    op.drop_table("equipment_stock")
    op.drop_table("backoffice_checks")
    op.drop_table("order_acceptances")
    with op.batch_alter_table("orders") as orders:
        orders.drop_column("handed_over_at")
        orders.drop_column("billing_reference")
        orders.drop_column("checked_at")
        orders.drop_column("restock_on")
        orders.drop_column("equipment_model")
        orders.drop_column("equipment_status")
    with op.batch_alter_table("leads") as leads:
        leads.drop_column("prepaid_only_reason")
        leads.drop_column("billing_debt_bs")
    op.drop_table("billing_accounts")
    with op.batch_alter_table("plans") as plans:
        plans.drop_column("minimum_term_months")
