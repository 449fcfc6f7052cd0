"""The inbox pages: conversations found by search and filters, a page at a time, live; and what needs the
reader's attention (the tab title counter, the sound and the browser notification)."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from backend.auth.models import User
from backend.console.auth import AnsweringPage
from backend.console.params import choice
from backend.console.routes import CHANNEL_LABELS, templates
from backend.conversations import inbox
from backend.conversations.inbox import InboxQuery, View
from backend.deps import SessionDep, SessionRoute
from backend.leads.models import LeadStage

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)


def inbox_query(
    q: Annotated[str, Query(max_length=120)] = "",
    view: Annotated[str, Query(max_length=20)] = "",
    channel: Annotated[str, Query(max_length=20)] = "",
    stage: Annotated[str, Query(max_length=20)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> InboxQuery:
    stage_chosen = choice(LeadStage, stage)
    return InboxQuery(
        text=q,
        view=choice(View, view) or View.ALL,
        channel=channel or None,
        stage=stage_chosen.value if stage_chosen else None,
        page=page,
    )


InboxQueryDep = Annotated[InboxQuery, Depends(inbox_query)]


def list_context(db: SessionDep, query: InboxQuery, user: User) -> dict:
    found = inbox.search(db=db, query=query, reader=user)
    params = {"q": query.text, "view": query.view.value, "channel": query.channel, "stage": query.stage}
    params = {key: value for key, value in params.items() if value and value != View.ALL.value}

    def page_url(page: int) -> str:
        return "/console/inbox?" + urlencode({**params, "page": page})

    return {
        "user": user,
        "found": found,
        "query": query,
        "page_url": page_url,
        "list_url": "/console/inbox/list?" + urlencode({**params, "page": found.page}),
    }


@router.get("/inbox")
def inbox_page(request: Request, user: AnsweringPage, db: SessionDep, query: InboxQueryDep) -> HTMLResponse:
    """Conversations from every channel, newest activity first, with search and filters."""
    context = list_context(db, query, user) | {
        "views": list(View),
        "channels": CHANNEL_LABELS,
        "stages": list(LeadStage),
    }
    return templates.TemplateResponse(request, "inbox.html", context)


@router.get("/inbox/list")
def inbox_list(request: Request, user: AnsweringPage, db: SessionDep, query: InboxQueryDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "_inbox_list.html", list_context(db, query, user))


@router.get("/attention")
def attention(user: AnsweringPage, db: SessionDep) -> dict:
    """What needs the reader now: customers asking for a person, and unread messages where the reader answers."""
    now = inbox.attention(db=db, reader=user)
    return {
        "count": now.count,
        "wanting": [{"conversation_id": cid, "title": title} for cid, title in now.wanting],
        "mine_unread": now.mine_unread,
    }
