"""Reading Telegram updates into the channel-neutral message shape."""

from telegram import Message, Update

from backend.conversations.messages import Attachment, ButtonPress, InboundMessage, Location
from backend.referrals.service import find_code

CHANNEL = "telegram"
UNSUPPORTED_KINDS = ("sticker", "video", "video_note", "animation", "poll", "dice", "game")


def read_update(update: Update) -> InboundMessage | None:
    """The customer message in `update`; None for what the assistant does not take (edits, groups, channels…)."""
    message_id = f"update:{update.update_id}"
    if update.effective_chat is not None and update.effective_chat.type != "private":
        return None
    if update.callback_query is not None:
        query = update.callback_query
        chat_id = query.message.chat.id if query.message else query.from_user.id
        title = button_title(query.message, query.data or "")
        return InboundMessage(
            channel=CHANNEL,
            user_id=str(chat_id),
            message_id=message_id,
            text=title,
            pressed=ButtonPress(ref=query.data or "", title=title),
            profile_name=query.from_user.full_name,
            ack_token=query.id,
        )
    message = update.message
    if message is None:
        return None
    base = {
        "channel": CHANNEL,
        "user_id": str(message.chat.id),
        "message_id": message_id,
        "profile_name": message.from_user.full_name if message.from_user else None,
    }
    if message.location is not None:
        location = Location(latitude=message.location.latitude, longitude=message.location.longitude)
        return InboundMessage(**base, location=location)
    if message.contact is not None and message.contact.phone_number:
        digits = "".join(ch for ch in message.contact.phone_number if ch.isdigit())
        return InboundMessage(**base, contact_phone="+" + digits)
    if message.photo:
        largest = message.photo[-1]
        attachment = Attachment(media_id=largest.file_id, mime_type="image/jpeg", caption=message.caption)
        return InboundMessage(**base, attachment=attachment)
    if message.document is not None:
        document = message.document
        attachment = Attachment(
            media_id=document.file_id,
            mime_type=document.mime_type,
            filename=document.file_name,
            caption=message.caption,
        )
        return InboundMessage(**base, attachment=attachment)
    if (sound := message.voice or message.audio) is not None:
        return InboundMessage(**base, voice=Attachment(media_id=sound.file_id, mime_type=sound.mime_type))
    if message.text and message.text.strip():
        # A deep link t.me/<bot>?start=REF-XXXXXX arrives as «/start REF-XXXXXX».
        return InboundMessage(**base, text=typed_text(message.text), referral_code=find_code(message.text))
    kind = next((kind for kind in UNSUPPORTED_KINDS if getattr(message, kind, None)), "unknown")
    return InboundMessage(**base, unsupported=kind)


def typed_text(text: str) -> str:
    """What the customer typed; `/start` greets, other commands read as the word they are."""
    text = text.strip()
    if not text.startswith("/"):
        return text
    command, _, rest = text[1:].partition(" ")
    command = command.split("@", 1)[0]
    if command == "start":
        return "hola"
    return " ".join(part for part in (command, rest.strip()) if part) or "hola"


def button_title(message: Message | None, data: str) -> str:
    """The title of the inline button whose data is `data`, read from the message it was on."""
    markup = message.reply_markup if message is not None else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return ""
