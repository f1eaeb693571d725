"""Decisions over HTTP: reviewers record verdicts on monitored hits from their own tools.

`POST /v1/decisions` (admin: a verdict changes what later monitoring runs report) and
`GET /v1/decisions` (viewer). The library's `monitoring.decide` does the work and writes
the audit event, naming the API key as the actor.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from entitylist.api.auth import Admin, Service, Viewer
from entitylist.api.schemas import ADMIN_ONLY, ERROR_RESPONSES
from entitylist.dates import parse_when
from entitylist.monitoring import Verdict, decide, list_decisions

router = APIRouter(prefix="/v1", tags=["decisions"], responses={**ERROR_RESPONSES, **ADMIN_ONLY})


class DecisionIn(BaseModel):
    party_id: str = Field(min_length=1, max_length=256, description="The monitored party's id")
    entry: str = Field(
        min_length=1, max_length=512, description="Entry id, key or published source id"
    )
    verdict: Verdict
    reason: str = Field(min_length=1, max_length=4000)
    expires: date | None = Field(default=None, description="Stops applying after this day")
    source: str | None = Field(default=None, description="When `entry` names several sources")


@router.post("/decisions", status_code=201, summary="Record a verdict on a monitored hit")
async def create_decision(body: DecisionIn, svc: Service, key: Admin) -> JSONResponse:
    decision = await run_in_threadpool(
        decide,
        svc.store,
        body.party_id,
        body.entry,
        body.verdict,
        body.reason,
        expires_at=parse_when(body.expires, end_of_day=True) if body.expires else None,
        source=body.source,
        actor=f"api key {key.id} ({key.name})",
    )
    return JSONResponse(decision.to_dict(), status_code=201)


@router.get("/decisions", summary="Every decision recorded, superseded ones too")
async def get_decisions(
    svc: Service,
    _key: Viewer,
    party: Annotated[str | None, Query(description="One party id")] = None,
) -> JSONResponse:
    decisions = await run_in_threadpool(list_decisions, svc.store, party)
    return JSONResponse({"decisions": [d.to_dict() for d in decisions]})
