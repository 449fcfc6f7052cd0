"""Restore the unique constraints and indexes that the release before migrations left out when it added a
column to an existing table (it added the bare column). Each is made only where it is missing.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, columns, unique, name) of every index and unique constraint of the baseline.
EXPECTED: list[tuple[str, tuple[str, ...], bool, str]] = [
    ("audit_events", ("action",), False, "ix_audit_events_action"),
    ("audit_events", ("actor_id",), False, "ix_audit_events_actor_id"),
    ("audit_events", ("at",), False, "ix_audit_events_at"),
    ("audit_events", ("subject",), False, "ix_audit_events_subject"),
    ("coverage_zones", ("name",), True, "uq_coverage_zones_name"),
    ("crews", ("name",), True, "uq_crews_name"),
    ("customers", ("id_number",), True, "ix_customers_id_number"),
    ("installation_durations", ("technology",), True, "uq_installation_durations_technology"),
    ("plans", ("code",), True, "ix_plans_code"),
    ("referrers", ("code",), True, "ix_referrers_code"),
    ("statement_lines", ("reference",), False, "ix_statement_lines_reference"),
    ("statement_lines", ("reference", "booked_on", "amount_bs"), True, "uq_statement_line"),
    ("users", ("email",), True, "ix_users_email"),
    ("closures", ("day",), False, "ix_closures_day"),
    ("closures", ("day", "crew_id"), True, "uq_closures_day_crew"),
    ("conversations", ("last_message_at",), False, "ix_conversations_last_message_at"),
    ("conversations", ("conversation_id",), True, "ix_conversations_conversation_id"),
    ("leads", ("conversation_id",), True, "ix_leads_conversation_id"),
    ("leads", ("referrer_id",), False, "ix_leads_referrer_id"),
    ("leads", ("owner_id",), False, "ix_leads_owner_id"),
    ("leads", ("stage",), False, "ix_leads_stage"),
    ("contact_attempts", ("lead_id",), False, "ix_contact_attempts_lead_id"),
    ("documents", ("conversation_pk",), False, "ix_documents_conversation_pk"),
    ("documents", ("storage_key",), True, "uq_documents_storage_key"),
    ("lead_assignments", ("user_id",), False, "ix_lead_assignments_user_id"),
    ("lead_assignments", ("due_at",), False, "ix_lead_assignments_due_at"),
    ("lead_assignments", ("lead_id",), False, "ix_lead_assignments_lead_id"),
    ("lead_assignments", ("ended_at",), False, "ix_lead_assignments_ended_at"),
    ("lead_stage_changes", ("lead_id",), False, "ix_lead_stage_changes_lead_id"),
    ("notifications", ("created_at",), False, "ix_notifications_created_at"),
    ("notifications", ("lead_id",), False, "ix_notifications_lead_id"),
    ("orders", ("customer_id",), False, "ix_orders_customer_id"),
    ("orders", ("lead_id",), False, "ix_orders_lead_id"),
    ("orders", ("reentered_from_id",), True, "uq_orders_reentered_from_id"),
    ("orders", ("number",), True, "uq_orders_number"),
    ("quotes", ("lead_id",), False, "ix_quotes_lead_id"),
    ("quotes", ("created_at",), False, "ix_quotes_created_at"),
    ("messages", ("conversation_pk",), False, "ix_messages_conversation_pk"),
    ("messages", ("status",), False, "ix_messages_status"),
    ("messages", ("channel", "external_id"), True, "uq_messages_channel_external_id"),
    ("order_state_changes", ("order_id",), False, "ix_order_state_changes_order_id"),
    ("payments", ("state",), False, "ix_payments_state"),
    ("payments", ("order_id",), False, "ix_payments_order_id"),
    ("payments", ("provider_reference",), True, "uq_payments_provider_reference"),
    ("payments", ("statement_line_id",), True, "uq_payments_statement_line_id"),
    ("visits", ("starts_at",), False, "ix_visits_starts_at"),
    ("visits", ("crew_id",), False, "ix_visits_crew_id"),
    ("visits", ("order_id",), False, "ix_visits_order_id"),
    ("visits", ("status",), False, "ix_visits_status"),
    ("crew_slot_bookings", ("visit_id",), False, "ix_crew_slot_bookings_visit_id"),
    ("crew_slot_bookings", ("crew_id", "slot_start"), True, "uq_crew_slot"),
    ("invoices", ("order_id",), False, "ix_invoices_order_id"),
    ("invoices", ("number",), True, "uq_invoices_number"),
    ("invoices", ("payment_id",), True, "uq_invoices_payment_id"),
]


def present(inspector: sa.Inspector, table: str) -> set[tuple[tuple[str, ...], bool]]:
    """(columns, unique) of what the table has: indexes, and unique constraints counted as unique indexes."""
    found = {(tuple(index["column_names"]), bool(index["unique"])) for index in inspector.get_indexes(table)}
    found |= {(tuple(uq["column_names"]), True) for uq in inspector.get_unique_constraints(table)}
    return found


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, columns, unique, name in EXPECTED:
        have = present(inspector, table)
        # a unique index also serves as a plain one
        if (columns, unique) not in have and (columns, True) not in have:
            op.create_index(name, table, list(columns), unique=unique)


def downgrade() -> None:
    pass  # what was restored stays: the baseline declares it too
