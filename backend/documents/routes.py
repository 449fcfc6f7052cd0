"""Customers' files, for staff."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from backend.deps import SalesStaff, SessionDep, SessionRoute, SettingsDep
from backend.documents import service as document_service
from backend.documents.storage import DocumentStorage

router = APIRouter(route_class=SessionRoute, prefix="/documents", tags=["documents"])


@router.get("/{document_id}/content")
def download_document(document_id: int, db: SessionDep, settings: SettingsDep, _user: SalesStaff) -> FileResponse:
    """The file itself, as the customer sent it."""
    document = document_service.get(db=db, document_id=document_id)
    path = DocumentStorage(Path(settings.DOCUMENTS_DIR)).path(document.storage_key)
    return FileResponse(path, media_type=document.content_type, filename=document.filename)
