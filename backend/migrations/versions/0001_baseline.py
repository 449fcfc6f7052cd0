"""baseline: the schema of the release before migrations

Revision ID: 0001
Revises: -
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coverage_zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("polygon", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage_zones")),
        sa.UniqueConstraint("name", name=op.f("uq_coverage_zones_name")),
    )
    op.create_table(
        "crews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("working_hours", sa.String(length=200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crews")),
        sa.UniqueConstraint("name", name=op.f("uq_crews_name")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_type", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=30), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_id_number"), ["id_number"], unique=True)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("statuses", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    op.create_table(
        "installation_durations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installation_durations")),
        sa.UniqueConstraint("technology", name=op.f("uq_installation_durations_technology")),
    )
    op.create_table(
        "invoice_counters",
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_invoice_counters")),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("download_mbps", sa.Integer(), nullable=False),
        sa.Column("upload_mbps", sa.Integer(), nullable=False),
        sa.Column("monthly_price_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("installation_fee_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plans_code"), ["code"], unique=True)

    op.create_table(
        "referrers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrers")),
    )
    with op.batch_alter_table("referrers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrers_code"), ["code"], unique=True)

    op.create_table(
        "statement_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("amount_bs", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("depositor", sa.String(length=200), nullable=True),
        sa.Column("operation_type", sa.String(length=60), nullable=True),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_lines")),
        sa.UniqueConstraint("reference", "booked_on", "amount_bs", name="uq_statement_line"),
    )
    with op.batch_alter_table("statement_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_lines_reference"), ["reference"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("hashed_password", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("cities", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_email"), ["email"], unique=True)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_subject"), ["subject"], unique=False)

    op.create_table(
        "closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("crew_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["crew_id"], ["crews.id"], name=op.f("fk_closures_crew_id_crews"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closures")),
        sa.UniqueConstraint("day", "crew_id", name="uq_closures_day_crew"),
    )
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_closures_day"), ["day"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=160), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("referral_code", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_message_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("taken_over_at", sa.DateTime(), nullable=True),
        sa.Column("wants_human", sa.Boolean(), nullable=False),
        sa.Column("wants_human_at", sa.DateTime(), nullable=True),
        sa.Column("fallback_streak", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assigned_to_id"], ["users.id"], name=op.f("fk_conversations_assigned_to_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_conversation_id"), ["conversation_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_conversations_last_message_at"), ["last_message_at"], unique=False)

    op.create_table(
        "crew_zones",
        sa.Column("crew_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["crew_id"], ["crews.id"], name=op.f("fk_crew_zones_crew_id_crews"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["coverage_zones.id"], name=op.f("fk_crew_zones_zone_id_coverage_zones"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("crew_id", "zone_id", name=op.f("pk_crew_zones")),
    )
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("customer_type", sa.String(length=20), nullable=True),
        sa.Column("full_name", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("company_name", sa.String(length=160), nullable=True),
        sa.Column("usage", sa.String(length=20), nullable=True),
        sa.Column("usage_hours", sa.String(length=20), nullable=True),
        sa.Column("household_size", sa.Integer(), nullable=True),
        sa.Column("wanted_speed_mbps", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("address_reference", sa.String(length=500), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("coverage_status", sa.String(length=20), nullable=True),
        sa.Column("coverage_zone_id", sa.Integer(), nullable=True),
        sa.Column("offered_plan_id", sa.Integer(), nullable=True),
        sa.Column("payment_method", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("referrer_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("unattended_reason", sa.String(length=30), nullable=True),
        sa.Column("outcome_detail", sa.Text(), nullable=True),
        sa.Column("notify_on_coverage", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coverage_zone_id"], ["coverage_zones.id"], name=op.f("fk_leads_coverage_zone_id_coverage_zones")
        ),
        sa.ForeignKeyConstraint(["offered_plan_id"], ["plans.id"], name=op.f("fk_leads_offered_plan_id_plans")),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_leads_owner_id_users")),
        sa.ForeignKeyConstraint(["referrer_id"], ["referrers.id"], name=op.f("fk_leads_referrer_id_referrers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leads_conversation_id"), ["conversation_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_leads_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_referrer_id"), ["referrer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_stage"), ["stage"], unique=False)

    op.create_table(
        "contact_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name=op.f("fk_contact_attempts_lead_id_leads")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_contact_attempts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempts")),
    )
    with op.batch_alter_table("contact_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_attempts_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("caption", sa.String(length=1024), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"], ["conversations.id"], name=op.f("fk_documents_conversation_pk_conversations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_documents_storage_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_conversation_pk"), ["conversation_pk"], unique=False)

    op.create_table(
        "lead_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("worked_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name=op.f("fk_lead_assignments_lead_id_leads")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_lead_assignments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_assignments")),
    )
    with op.batch_alter_table("lead_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_assignments_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_assignments_ended_at"), ["ended_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_assignments_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_assignments_user_id"), ["user_id"], unique=False)

    op.create_table(
        "lead_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=True),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name=op.f("fk_lead_stage_changes_lead_id_leads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_stage_changes")),
    )
    with op.batch_alter_table("lead_stage_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_stage_changes_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name=op.f("fk_notifications_lead_id_leads")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_notifications_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("monthly_price_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("installation_fee_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("payment_method", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("address_reference", sa.String(length=500), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("coverage_zone_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("recurring_billing", sa.Boolean(), nullable=False),
        sa.Column("reentered_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coverage_zone_id"], ["coverage_zones.id"], name=op.f("fk_orders_coverage_zone_id_coverage_zones")
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_orders_customer_id_customers")),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name=op.f("fk_orders_lead_id_leads")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_orders_plan_id_plans")),
        sa.ForeignKeyConstraint(["reentered_from_id"], ["orders.id"], name=op.f("fk_orders_reentered_from_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_orders_number")),
        sa.UniqueConstraint("reentered_from_id", name=op.f("uq_orders_reentered_from_id")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("monthly_price_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("installation_fee_bs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("quoted_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], name=op.f("fk_quotes_lead_id_leads")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_quotes_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("reply_to_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"], ["conversations.id"], name=op.f("fk_messages_conversation_pk_conversations")
        ),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_messages_document_id_documents")),
        sa.ForeignKeyConstraint(["reply_to_id"], ["messages.id"], name=op.f("fk_messages_reply_to_id_messages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("channel", "external_id", name="uq_messages_channel_external_id"),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_messages_conversation_pk"), ["conversation_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_messages_status"), ["status"], unique=False)

    op.create_table(
        "order_state_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_order_state_changes_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_state_changes")),
    )
    with op.batch_alter_table("order_state_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_state_changes_order_id"), ["order_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("option", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("amount_bs", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("deposit_number", sa.String(length=60), nullable=True),
        sa.Column("deposit_date", sa.Date(), nullable=True),
        sa.Column("operation_type", sa.String(length=60), nullable=True),
        sa.Column("depositor_name", sa.String(length=200), nullable=True),
        sa.Column("receipt_document_id", sa.Integer(), nullable=True),
        sa.Column("provider_reference", sa.String(length=80), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("statement_line_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_payments_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["receipt_document_id"], ["documents.id"], name=op.f("fk_payments_receipt_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["statement_line_id"], ["statement_lines.id"], name=op.f("fk_payments_statement_line_id_statement_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("provider_reference", name=op.f("uq_payments_provider_reference")),
        sa.UniqueConstraint("statement_line_id", name=op.f("uq_payments_statement_line_id")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_state"), ["state"], unique=False)

    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("crew_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.Column("reminder_sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["crew_id"], ["crews.id"], name=op.f("fk_visits_crew_id_crews")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_visits_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_crew_id"), ["crew_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_status"), ["status"], unique=False)

    op.create_table(
        "crew_slot_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crew_id", sa.Integer(), nullable=False),
        sa.Column("slot_start", sa.DateTime(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["crew_id"], ["crews.id"], name=op.f("fk_crew_slot_bookings_crew_id_crews")),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_crew_slot_bookings_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crew_slot_bookings")),
        sa.UniqueConstraint("crew_id", "slot_start", name="uq_crew_slot"),
    )
    with op.batch_alter_table("crew_slot_bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crew_slot_bookings_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("order_number", sa.String(length=20), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("id_number", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("plan_name", sa.String(length=120), nullable=False),
        sa.Column("monthly_price_bs", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("installation_fee_bs", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_bs", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("payment_label", sa.String(length=120), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.Column("email_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_invoices_order_id_orders")),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"], name=op.f("fk_invoices_payment_id_payments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_invoices_payment_id")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoices_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_order_id"))

    op.drop_table("invoices")
    with op.batch_alter_table("crew_slot_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crew_slot_bookings_visit_id"))

    op.drop_table("crew_slot_bookings")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_status"))
        batch_op.drop_index(batch_op.f("ix_visits_starts_at"))
        batch_op.drop_index(batch_op.f("ix_visits_order_id"))
        batch_op.drop_index(batch_op.f("ix_visits_crew_id"))

    op.drop_table("visits")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_state"))
        batch_op.drop_index(batch_op.f("ix_payments_order_id"))

    op.drop_table("payments")
    with op.batch_alter_table("order_state_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_state_changes_order_id"))

    op.drop_table("order_state_changes")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_status"))
        batch_op.drop_index(batch_op.f("ix_messages_conversation_pk"))

    op.drop_table("messages")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_lead_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_created_at"))

    op.drop_table("quotes")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_lead_id"))
        batch_op.drop_index(batch_op.f("ix_orders_customer_id"))

    op.drop_table("orders")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_lead_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_created_at"))

    op.drop_table("notifications")
    with op.batch_alter_table("lead_stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_stage_changes_lead_id"))

    op.drop_table("lead_stage_changes")
    with op.batch_alter_table("lead_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_assignments_user_id"))
        batch_op.drop_index(batch_op.f("ix_lead_assignments_lead_id"))
        batch_op.drop_index(batch_op.f("ix_lead_assignments_ended_at"))
        batch_op.drop_index(batch_op.f("ix_lead_assignments_due_at"))

    op.drop_table("lead_assignments")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_conversation_pk"))

    op.drop_table("documents")
    with op.batch_alter_table("contact_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_attempts_lead_id"))

    op.drop_table("contact_attempts")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leads_stage"))
        batch_op.drop_index(batch_op.f("ix_leads_referrer_id"))
        batch_op.drop_index(batch_op.f("ix_leads_owner_id"))
        batch_op.drop_index(batch_op.f("ix_leads_conversation_id"))

    op.drop_table("leads")
    op.drop_table("crew_zones")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_last_message_at"))
        batch_op.drop_index(batch_op.f("ix_conversations_conversation_id"))

    op.drop_table("conversations")
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closures_day"))

    op.drop_table("closures")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_subject"))
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_email"))

    op.drop_table("users")
    with op.batch_alter_table("statement_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_lines_reference"))

    op.drop_table("statement_lines")
    with op.batch_alter_table("referrers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrers_code"))

    op.drop_table("referrers")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_code"))

    op.drop_table("plans")
    op.drop_table("invoice_counters")
    op.drop_table("installation_durations")
    op.drop_table("deliveries")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_id_number"))

    op.drop_table("customers")
    op.drop_table("crews")
    op.drop_table("coverage_zones")
