"""Customers' files, for staff."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from backend.deps import SalesStaff, SessionDep, SessionRoute, SettingsDep
from backend.documents import links
from backend.documents import service as document_service
from backend.documents.models import STAFF_KIND, Document
from backend.documents.storage import DocumentStorage
from backend.errors import NotFound

router = APIRouter(route_class=SessionRoute, prefix="/documents", tags=["documents"])
customer_router = APIRouter(route_class=SessionRoute, prefix="/files", tags=["documents"])


@router.get("/{document_id}/content")
def download_document(document_id: int, db: SessionDep, settings: SettingsDep, _user: SalesStaff) -> FileResponse:
    """The file itself, as the customer sent it."""
    document = document_service.get(db=db, document_id=document_id)
    path = DocumentStorage(Path(settings.DOCUMENTS_DIR)).path(document.storage_key)
    return FileResponse(path, media_type=document.content_type, filename=document.filename)


@customer_router.get("/{document_id}", response_class=FileResponse)
def shared_file(document_id: int, db: SessionDep, settings: SettingsDep, t: str = "") -> FileResponse:
    """A file staff sent the customer, from its signed link (404 for any other link or file)."""
    document = db.get(Document, document_id)
    if document is None or document.kind != STAFF_KIND or not links.holds_token(settings.SECRET_KEY, document_id, t):
        raise NotFound("No such file")
    path = DocumentStorage(Path(settings.DOCUMENTS_DIR)).path(document.storage_key)
    return FileResponse(path, media_type=document.content_type, filename=document.filename)
