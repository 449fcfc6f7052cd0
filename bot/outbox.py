"""The outbox of the back office, as the channels implement it: the only way anything reaches a customer."""

from collections.abc import Callable

from sqlalchemy.orm import Session

from backend.conversations import service as conversation_service
from backend.conversations.messages import OutboundMessage
from backend.conversations.models import Author, Conversation, Message
from backend.database import after_commit
from bot.channels import Channel


class ChannelOutbox:
    """Stores each message fitted to the customer's channel; a channel worker (in this process or another)
    sends it once the transaction commits. Web chat customers fetch theirs."""

    def __init__(self, channels: dict[str, Channel], wake: Callable[[], None]) -> None:
        self._channels = channels
        self._wake = wake  # this process's worker; workers of other processes find the rows at their next look

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
        channel = self._channels.get(conversation.channel)
        fitted = [part for message in messages for part in (channel.fit(message) if channel else [message])]
        rows = [
            conversation_service.record_outbound(
                db=db,
                conversation=conversation,
                text=part.describe(),
                content=part.model_dump(mode="json"),
                author=author,
                reply_to=reply_to,
            )
            for part in fitted
        ]
        if document_id is not None:
            for row in rows:
                row.document_id = document_id
        if rows and (channel is None or channel.delivers):  # web chat customers fetch theirs: nothing to send
            after_commit(db, self._wake)
        return rows
