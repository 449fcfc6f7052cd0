"""The outbox of the back office, as the channels implement it."""

from sqlalchemy.orm import Session

from backend.conversations import service as conversation_service
from backend.conversations.messages import OutboundMessage
from backend.conversations.models import Conversation, Message
from bot.channels import Channel
from bot.worker import ChannelWorker


class ChannelOutbox:
    """Stores each message fitted to the customer's channel; a channel worker (in this process or another)
    sends it. Web chat customers fetch theirs."""

    def __init__(self, channels: dict[str, Channel]) -> None:
        self._channels = channels
        self.worker: ChannelWorker | None = None  # the worker of this process, if it runs one

    def queue(self, *, db: Session, conversation: Conversation, messages: list[OutboundMessage]) -> list[Message]:
        channel = self._channels.get(conversation.channel)
        fitted = [part for message in messages for part in (channel.fit(message) if channel else [message])]
        return [
            conversation_service.record_outbound(
                db=db, conversation=conversation, text=part.text, content=part.model_dump(mode="json")
            )
            for part in fitted
        ]

    def wake(self) -> None:
        """Wake this process's worker; workers of other processes find the message at their next look."""
        if self.worker is not None:
            self.worker.wake()
