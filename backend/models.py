"""Every table, imported in one place so that migrations see the whole schema."""

from backend.audit.models import AuditEvent
from backend.auth.models import LoginAttempt, RecoveryCode, User
from backend.backoffice.models import BackofficeCheck
from backend.billing_system.local import BillingAccount
from backend.canned_replies.models import CannedReply
from backend.catalog.models import Plan
from backend.conversations.models import Conversation, ConversationNote, ConversationRead, Delivery, Message
from backend.coverage.models import CoverageZone
from backend.customers.models import Customer
from backend.documents.models import Document
from backend.followups.models import FollowUp
from backend.installations.models import Closure, Crew, InstallationDuration, SlotBooking, Visit
from backend.invoices.models import Invoice, InvoiceCounter, InvoiceDailyCode
from backend.leads.models import Lead, LeadStageChange
from backend.learning.models import Misreading, Retraining
from backend.leases import Lease
from backend.orders.acceptance import OrderAcceptance
from backend.orders.models import Order, OrderStateChange
from backend.payments.models import Payment, StatementLine
from backend.pipeline.models import ContactAttempt, LeadAssignment, Notification
from backend.quotes.models import Quote
from backend.referrals.models import Referrer
from backend.stock.models import EquipmentReservation, EquipmentStock

__all__ = [
    "AuditEvent",
    "BackofficeCheck",
    "BillingAccount",
    "CannedReply",
    "Closure",
    "ContactAttempt",
    "Conversation",
    "ConversationNote",
    "ConversationRead",
    "CoverageZone",
    "Crew",
    "Customer",
    "Delivery",
    "Document",
    "EquipmentReservation",
    "EquipmentStock",
    "FollowUp",
    "InstallationDuration",
    "Invoice",
    "InvoiceCounter",
    "InvoiceDailyCode",
    "Lead",
    "LeadAssignment",
    "LeadStageChange",
    "LoginAttempt",
    "RecoveryCode",
    "Lease",
    "Message",
    "Misreading",
    "Notification",
    "Order",
    "OrderAcceptance",
    "OrderStateChange",
    "Payment",
    "Plan",
    "Quote",
    "Referrer",
    "Retraining",
    "SlotBooking",
    "StatementLine",
    "User",
    "Visit",
]
