"""Monitoring over HTTP: the portfolio and its parties, the runs and their events. Read-only
views (viewer); the library's monitoring views do the work. The alert queue is
`routers.alerts`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from entitylist.api.auth import Service, Viewer
from entitylist.api.routers.lists import MAX_ID, MAX_OFFSET
from entitylist.api.schemas import ERROR_RESPONSES
from entitylist.monitoring import get_party, list_parties, party_history
from entitylist.monitoring.views import current_hits, run_events, run_rule_events, runs

router = APIRouter(prefix="/v1", tags=["monitoring"], responses=ERROR_RESPONSES)

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


@router.get("/parties", summary="The monitored portfolio, with search and paging")
async def get_parties(
    svc: Service,
    _key: Viewer,
    q: Annotated[str | None, Query(max_length=200, description="Text in the name or id")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    parties = await run_in_threadpool(list_parties, svc.store)
    if q:
        needle = q.casefold()
        parties = [p for p in parties if needle in p.name.casefold() or needle in p.party_id]
    page = parties[offset : offset + limit]
    return JSONResponse(
        {
            "total": len(parties),
            "offset": offset,
            "limit": limit,
            "parties": [p.to_dict() for p in page],
        }
    )


@router.get("/parties/{party_id}", summary="One party: every version and its hits in force")
async def get_one_party(
    svc: Service, _key: Viewer, party_id: Annotated[str, Path(max_length=256)]
) -> JSONResponse:
    party = await run_in_threadpool(get_party, svc.store, party_id)
    versions = await run_in_threadpool(party_history, svc.store, party_id)
    hits = await run_in_threadpool(current_hits, svc.store, party_id)
    return JSONResponse(
        {"party": party.to_dict(), "versions": [v.to_dict() for v in versions], "hits": hits}
    )


@router.get("/monitor/runs", summary="Monitoring runs, newest first")
async def get_runs(svc: Service, _key: Viewer, limit: Limit = 50) -> JSONResponse:
    found = await run_in_threadpool(runs, svc.store, limit)
    return JSONResponse({"runs": [r.to_dict() for r in found]})


@router.get("/monitor/runs/{run_id}/events", summary="What one run reported")
async def get_run_events(
    svc: Service, _key: Viewer, run_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> JSONResponse:
    events = await run_in_threadpool(run_events, svc.store, run_id)
    rules = await run_in_threadpool(run_rule_events, svc.store, run_id)
    return JSONResponse({"run": run_id, "events": events, "pending_rules": rules})
