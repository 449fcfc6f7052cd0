"""The staff inbox: conversations found by search and filters, a page at a time, each with its latest message and
what the reader has not read yet; and what needs a person's attention now."""

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from backend.auth.models import User
from backend.conversations.models import Conversation, ConversationRead, Direction, Message
from backend.customers.models import Customer
from backend.leads.models import CustomerType, Lead
from backend.listing import contains, page_count, total_of
from backend.orders.models import Order

PAGE_SIZE = 50
PREVIEW_CHARS = 90


class View(StrEnum):
    """The inbox's filters by who answers and what the conversation needs."""

    ALL = "all"
    MINE = "mine"
    UNASSIGNED = "unassigned"
    WANTS_HUMAN = "wants_human"
    TAKEN = "taken"
    STUCK = "stuck"
    BUSINESS = "business"

    @property
    def label(self) -> str:
        return VIEW_LABELS[self]


VIEW_LABELS = {
    View.ALL: "Todas",
    View.MINE: "Mías",
    View.UNASSIGNED: "Con el asistente",
    View.WANTS_HUMAN: "Piden asesor",
    View.TAKEN: "Atendidas por personas",
    View.STUCK: "Atascadas",
    View.BUSINESS: "Empresas",
}


@dataclass(frozen=True)
class InboxQuery:
    """What the reader asked the inbox for."""

    text: str = ""
    view: View = View.ALL
    channel: str | None = None
    stage: str | None = None
    page: int = 1


@dataclass
class InboxRow:
    conversation: Conversation
    preview: str = ""
    preview_author: str | None = None
    unread: int = 0


@dataclass
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = page_count(self.total, PAGE_SIZE)


def matching(query: InboxQuery, reader: User) -> Select:
    """The conversations `query` asks for."""
    statement = select(Conversation).outerjoin(Lead, Lead.conversation_id == Conversation.conversation_id)
    view = query.view
    if view == View.MINE:
        statement = statement.where(or_(Conversation.assigned_to_id == reader.id, Lead.owner_id == reader.id))
    elif view == View.UNASSIGNED:
        statement = statement.where(Conversation.assigned_to_id.is_(None))
    elif view == View.WANTS_HUMAN:
        statement = statement.where(Conversation.wants_human.is_(True))
    elif view == View.TAKEN:
        statement = statement.where(Conversation.assigned_to_id.is_not(None))
    elif view == View.STUCK:
        statement = statement.where(Conversation.fallback_streak >= 2)
    elif view == View.BUSINESS:
        statement = statement.where(Lead.customer_type == CustomerType.BUSINESS)
    if query.channel:
        statement = statement.where(Conversation.channel == query.channel)
    if query.stage:
        statement = statement.where(Lead.stage == query.stage)
    text = query.text.strip()
    if text:
        orders = (
            select(Order.id)
            .join(Customer, Customer.id == Order.customer_id)
            .where(Order.lead_id == Lead.id, or_(contains(Customer.id_number, text), contains(Order.number, text)))
        )
        said = select(Message.id).where(Message.conversation_pk == Conversation.id, contains(Message.text, text))
        statement = statement.where(
            or_(
                contains(Conversation.display_name, text),
                contains(Conversation.phone, text),
                contains(Conversation.user_id, text),
                contains(Lead.full_name, text),
                contains(Lead.phone, text),
                contains(Lead.email, text),
                contains(Lead.company_name, text),
                exists(orders),
                exists(said),
            )
        )
    return statement


def search(*, db: Session, query: InboxQuery, reader: User) -> InboxPage:
    """One page of the conversations `query` asks for, newest activity first."""
    statement = matching(query, reader)
    total = total_of(db, statement, Conversation.id)
    page = max(1, query.page)
    conversations = list(
        db.scalars(
            statement.options(selectinload(Conversation.lead))
            .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    pks = [conversation.id for conversation in conversations]
    latest = latest_messages(db, pks)
    unread = unread_counts(db, pks, reader)
    rows = []
    for conversation in conversations:
        message = latest.get(conversation.id)
        rows.append(
            InboxRow(
                conversation=conversation,
                preview=preview_of(message) if message else "",
                preview_author=message.author if message else None,
                unread=unread.get(conversation.id, 0),
            )
        )
    return InboxPage(rows=rows, total=total, page=page)


def preview_of(message: Message) -> str:
    """The message as one short line."""
    text = " ".join((message.text or "").split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1].rstrip() + "…"


def latest_messages(db: Session, conversation_pks: list[int]) -> dict[int, Message]:
    """The newest message of each conversation."""
    if not conversation_pks:
        return {}
    newest = (
        select(func.max(Message.id))
        .where(Message.conversation_pk.in_(conversation_pks))
        .group_by(Message.conversation_pk)
    )
    return {message.conversation_pk: message for message in db.scalars(select(Message).where(Message.id.in_(newest)))}


def unread_counts(db: Session, conversation_pks: list[int], reader: User) -> dict[int, int]:
    """Customer messages `reader` has not seen, per conversation."""
    if not conversation_pks:
        return {}
    read = and_(ConversationRead.conversation_pk == Message.conversation_pk, ConversationRead.user_id == reader.id)
    statement = (
        select(Message.conversation_pk, func.count())
        .outerjoin(ConversationRead, read)
        .where(
            Message.conversation_pk.in_(conversation_pks),
            Message.direction == Direction.INBOUND,
            Message.id > func.coalesce(ConversationRead.last_read_message_id, 0),
        )
        .group_by(Message.conversation_pk)
    )
    return dict(db.execute(statement).tuples().all())


def mark_read(*, db: Session, conversation: Conversation, reader: User) -> None:
    """`reader` has seen every message of the conversation so far."""
    last = db.scalar(select(func.max(Message.id)).where(Message.conversation_pk == conversation.id)) or 0
    mark = db.get(ConversationRead, (reader.id, conversation.id))
    if mark is None:
        db.add(ConversationRead(user_id=reader.id, conversation_pk=conversation.id, last_read_message_id=last))
    elif mark.last_read_message_id < last:
        mark.last_read_message_id = last


@dataclass(frozen=True)
class Attention:
    """What needs a person now: customers asking for one, and unread messages in the reader's conversations."""

    wanting: list[tuple[str, str]]  # (conversation id, who) of customers asking for a person, nobody answering
    mine_unread: dict[str, int]  # conversation id → unread customer messages, of conversations the reader holds

    @property
    def count(self) -> int:
        return len(self.wanting) + sum(1 for unread in self.mine_unread.values() if unread)


def attention(*, db: Session, reader: User) -> Attention:
    """What the tab title counts and the browser announces to `reader`."""
    wanting = list(
        db.scalars(
            select(Conversation)
            .options(selectinload(Conversation.lead))
            .where(Conversation.wants_human.is_(True), Conversation.assigned_to_id.is_(None))
            .order_by(Conversation.wants_human_at)
            .limit(PAGE_SIZE)
        )
    )
    held = list(db.scalars(select(Conversation).where(Conversation.assigned_to_id == reader.id)))
    unread = unread_counts(db, [conversation.id for conversation in held], reader)
    return Attention(
        wanting=[(conversation.conversation_id, conversation.title) for conversation in wanting],
        mine_unread={conversation.conversation_id: unread.get(conversation.id, 0) for conversation in held},
    )
