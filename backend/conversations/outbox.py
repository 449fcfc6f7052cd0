"""How the back office says something to a customer: it queues the message; the channel layer delivers it.

The backend's features only know this interface. The channel layer (`bot.outbox.ChannelOutbox`) implements it:
it fits each message to the customer's channel and stores it for the channel worker, which sends it, in order,
with retries, from whichever process runs the worker.
"""

from typing import Protocol

from sqlalchemy.orm import Session

from backend.conversations.messages import OutboundMessage
from backend.conversations.models import Conversation, Message


class Outbox(Protocol):
    """Messages to customers, stored in the caller's transaction and sent after it commits."""

    def queue(self, *, db: Session, conversation: Conversation, messages: list[OutboundMessage]) -> list[Message]:
        """Store `messages` for the conversation's channel (in `db`'s transaction); the rows to be sent."""

    def wake(self) -> None:
        """Something was queued and committed: deliver it now rather than at the next look. Any thread."""
