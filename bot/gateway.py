"""Routes every inbound message to the assistant, or to the executive who took the conversation over."""

from dataclasses import dataclass, field

from backend.assistant.rasa import RasaClient, RasaUnavailable
from backend.conversations.messages import InboundMessage, OutboundMessage
from bot.notices import UNAVAILABLE_REPLY, UNSUPPORTED_REPLY


@dataclass
class Answer:
    """What answers one customer message."""

    replies: list[OutboundMessage] = field(default_factory=list)
    answered: bool = True  # False when the assistant could not be reached, or its answer was lost
    problem: str = ""  # why it did not answer
    fell_back: bool | None = None  # whether the assistant did not understand; None when it was not asked
    unheard: bool = False  # a voice note nobody transcribed: not understood either, but nothing to learn from


class Gateway:
    """The one entry point of all channels into the conversation. It touches no database: callers store the
    message and its answer, each in a short transaction of its own."""

    def __init__(self, rasa: RasaClient) -> None:
        self.rasa = rasa

    async def handle(self, message: InboundMessage, *, taken_over: bool) -> Answer:
        """The assistant's answer to `message`; nothing while an executive holds the conversation."""
        if taken_over:
            return Answer()
        if message.unsupported:
            return Answer([UNSUPPORTED_REPLY])
        try:
            answer = await self.rasa.send(message)
        except RasaUnavailable as error:
            return Answer([UNAVAILABLE_REPLY], answered=False, problem=f"The assistant is not reachable: {error}")
        if not answer.messages:  # Rasa drops the events of an action that failed (action server down) and says nothing
            return Answer([UNAVAILABLE_REPLY], answered=False, problem="The assistant said nothing: an action failed")
        unheard = message.voice is not None and not message.text
        return Answer(answer.messages, fell_back=answer.fell_back, unheard=unheard)

    async def close(self) -> None:
        await self.rasa.close()
