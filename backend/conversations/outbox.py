"""How the back office says something to a customer: it queues the message; the channel layer delivers it.

The backend's features only know this interface. The channel layer (`bot.outbox.ChannelOutbox`) implements it:
it fits each message to the customer's channel and stores it in the caller's transaction; once that commits,
the channel worker sends it, in order, with retries, from whichever process runs the worker. Nothing else
writes a message to a customer.
"""

from typing import Protocol

from sqlalchemy.orm import Session

from backend.conversations.messages import OutboundMessage
from backend.conversations.models import Author, Conversation, Message


class Outbox(Protocol):
    """Messages to customers, stored in the caller's transaction and sent after it commits."""

    def queue(
        self,
        *,
        db: Session,
        conversation: Conversation,
        messages: list[OutboundMessage],
        author: Author = Author.ASSISTANT,
        reply_to: Message | None = None,
        document_id: int | None = None,
    ) -> list[Message]:
        """Store `messages` for the conversation's channel (in `db`'s transaction); the rows to be sent.

        `author` is who speaks (the assistant, or staff), `reply_to` the customer's message they answer, and
        `document_id` a file sent with them."""
