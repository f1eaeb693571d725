"""The portfolio pages: the monitored parties (search, paging) and one party with its
history (every version, its matches in force, the decisions on it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.monitoring import get_party, list_decisions, list_parties, party_history
from entitylist.monitoring.views import current_hits
from entitylist.web.deps import Service, User
from entitylist.web.forms import paging
from entitylist.web.templating import render

router = APIRouter()
PAGE = 50


@router.get("/parties")
async def parties_page(
    request: Request,
    user: User,
    svc: Service,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    parties = await run_in_threadpool(list_parties, svc.store)
    needle = q.strip().casefold()
    if needle:
        parties = [p for p in parties if needle in p.name.casefold() or needle in p.party_id]
    shown = parties[(page - 1) * PAGE : page * PAGE]
    return render(
        request,
        "parties.html",
        {
            "q": q,
            "parties": shown,
            **paging(page, len(parties), PAGE),
        },
        user=user,
    )


@router.get("/parties/{party_id}")
async def party_page(
    request: Request, user: User, svc: Service, party_id: Annotated[str, Path(max_length=256)]
) -> Response:
    party = await run_in_threadpool(get_party, svc.store, party_id)
    versions = await run_in_threadpool(party_history, svc.store, party_id)
    hits = await run_in_threadpool(current_hits, svc.store, party_id)
    decisions = await run_in_threadpool(list_decisions, svc.store, party_id)
    return render(
        request,
        "party.html",
        {
            "party": party,
            "versions": sorted(versions, key=lambda v: v.version, reverse=True),
            "hits": hits,
            "decisions": list(reversed(decisions)),
        },
        user=user,
    )
