"""Take over, write, reassign and give back conversations (executives and supervisors)."""

import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile, status
from sqlalchemy.orm import Session

from backend.assistant.rasa import RasaUnavailable
from backend.conversations import inbox, notes
from backend.conversations.messages import SharedFile
from backend.conversations.schemas import (
    ConversationPublic,
    MessagePublic,
    NoteCreate,
    NotePublic,
    Reassignment,
    StaffMessage,
)
from backend.database import run_in_transaction, transaction
from backend.deps import AssistantDep, Executive, OutboxDep, Sessions, SettingsDep, Supervisor, base_url
from backend.documents import links
from backend.documents import service as document_service
from backend.documents.models import STAFF_KIND
from backend.documents.storage import MAX_BYTES, DocumentStorage, RejectedFile
from backend.handoff import service as handoff_service
from backend.leads import service as lead_service
from backend.leads.ownership import ensure_may_work
from backend.leads.schemas import LeadContactUpdate, LeadPublic

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/conversations", tags=["handoff"])


@router.post("/{conversation_id}/takeover")
async def take_over(
    conversation_id: str, user: Executive, sessions: Sessions, outbox: OutboxDep, assistant: AssistantDep
) -> ConversationPublic:
    """Answer the customer yourself: the assistant goes quiet in this conversation (the customer is told who
    answers now)."""
    public = await run_in_transaction(
        sessions,
        lambda db: ConversationPublic.model_validate(
            handoff_service.take_over(db=db, outbox=outbox, conversation_id=conversation_id, user=user)
        ),
    )
    try:
        await assistant.pause(conversation_id)
    except RasaUnavailable:  # customer messages reach the executive anyway; Rasa is paused when it is back
        logger.warning("Could not pause the assistant in %s", conversation_id)
    return public


@router.post("/{conversation_id}/giveback")
async def give_back(
    conversation_id: str, user: Executive, sessions: Sessions, outbox: OutboxDep, assistant: AssistantDep
) -> ConversationPublic:
    """Hand the conversation back: the assistant resumes with the data as the executive left it."""

    def slots_to_resume_with(db: Session) -> dict[str, Any]:
        handoff_service.check_give_back(db=db, conversation_id=conversation_id, user=user)
        return lead_service.assistant_slots(lead_service.get_by_conversation(db=db, conversation_id=conversation_id))

    def hand_back(db: Session) -> ConversationPublic:
        conversation = handoff_service.give_back(db=db, conversation_id=conversation_id, user=user)
        outbox.queue(db=db, conversation=conversation, messages=answer.messages)
        return ConversationPublic.model_validate(conversation)

    slots = await run_in_transaction(sessions, slots_to_resume_with)
    try:
        answer = await assistant.resume(conversation_id, slots)
    except RasaUnavailable as error:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, "The assistant is not reachable; the conversation stays with you"
        ) from error
    return await run_in_transaction(sessions, hand_back)


@router.post("/{conversation_id}/assign")
async def reassign(
    conversation_id: str, assignment: Reassignment, user: Supervisor, sessions: Sessions, assistant: AssistantDep
) -> ConversationPublic:
    """Give the conversation to another executive."""
    public = await run_in_transaction(
        sessions,
        lambda db: ConversationPublic.model_validate(
            handoff_service.reassign(db=db, conversation_id=conversation_id, to_user_id=assignment.user_id, by=user)
        ),
    )
    try:
        await assistant.pause(conversation_id)
    except RasaUnavailable:
        logger.warning("Could not pause the assistant in %s", conversation_id)
    return public


@router.post("/{conversation_id}/messages", status_code=status.HTTP_201_CREATED)
def write(
    conversation_id: str, message: StaffMessage, user: Executive, sessions: Sessions, outbox: OutboxDep
) -> MessagePublic:
    """Write to the customer, who receives it on their own channel."""
    with transaction(sessions) as db:
        sent = handoff_service.write(
            db=db, outbox=outbox, conversation_id=conversation_id, user=user, text=message.text.strip()
        )
        return MessagePublic.model_validate(sent)


@router.post("/{conversation_id}/attachments", status_code=status.HTTP_201_CREATED, max_body_size=MAX_BYTES + 64 * 1024)
async def send_file(
    conversation_id: str,
    file: UploadFile,
    user: Executive,
    sessions: Sessions,
    settings: SettingsDep,
    outbox: OutboxDep,
    request: Request,
    caption: Annotated[str, Form(max_length=1000)] = "",
) -> MessagePublic:
    """Send the customer a file (a PDF quote, an image): stored, then fetched by their channel from a signed link."""
    data = await file.read(MAX_BYTES + 1)
    storage = DocumentStorage(Path(settings.DOCUMENTS_DIR))

    def send(db: Session) -> MessagePublic:
        conversation = handoff_service.get(db=db, conversation_id=conversation_id)
        try:
            document = document_service.store(
                db=db, storage=storage, conversation_pk=conversation.id, data=data, filename=file.filename
            )
        except RejectedFile as rejection:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(rejection)) from rejection
        document.kind = STAFF_KIND
        shared = SharedFile(
            url=f"{base_url(settings, request)}/files/{document.id}?t={links.token(settings.SECRET_KEY, document.id)}",
            filename=document.filename,
            mime_type=document.content_type,
        )
        sent = handoff_service.write(
            db=db,
            outbox=outbox,
            conversation_id=conversation_id,
            user=user,
            text=caption.strip(),
            file=(document, shared),
        )
        return MessagePublic.model_validate(sent)

    return await run_in_transaction(sessions, send)


@router.post("/{conversation_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def mark_read(conversation_id: str, user: Executive, sessions: Sessions) -> None:
    """The caller has seen the conversation so far: its customer messages are no longer unread to them."""
    with transaction(sessions) as db:
        inbox.mark_read(db=db, conversation=handoff_service.get(db=db, conversation_id=conversation_id), reader=user)


@router.post("/{conversation_id}/notes", status_code=status.HTTP_201_CREATED)
def add_note(conversation_id: str, note: NoteCreate, user: Executive, sessions: Sessions) -> NotePublic:
    """Leave a note for the team on the conversation; the customer never sees it."""
    with transaction(sessions) as db:
        conversation = handoff_service.get(db=db, conversation_id=conversation_id)
        ensure_may_work(conversation.lead, user)
        return NotePublic.model_validate(
            notes.add(db=db, conversation=conversation, author=user, text=note.text.strip())
        )


@router.patch("/{conversation_id}/lead")
def update_lead(conversation_id: str, changes: LeadContactUpdate, user: Executive, sessions: Sessions) -> LeadPublic:
    """Correct the contact data the assistant collected."""
    with transaction(sessions) as db:
        lead = lead_service.update_contact(db=db, conversation_id=conversation_id, changes=changes, user=user)
        return LeadPublic.model_validate(lead)
