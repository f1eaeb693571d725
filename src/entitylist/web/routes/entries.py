"""The entry page: one listed party, whole, with its history across snapshots."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.reports.timeline import entry_history
from entitylist.web.deps import Service, User
from entitylist.web.templating import render

router = APIRouter()


@router.get("/entries/{ident}")
async def entry_page(
    request: Request, user: User, svc: Service, ident: Annotated[str, Path(max_length=512)]
) -> Response:
    stored = await run_in_threadpool(svc.store.get, ident)
    history = await run_in_threadpool(entry_history, svc.store, stored)
    return render(
        request,
        "entry.html",
        {
            "stored": stored,
            "e": stored.entry,
            "history": history,
        },
        user=user,
    )
