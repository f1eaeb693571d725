"""The review workflow over HTTP: the alert queue, one alert, and what reviewers do to it.

Served from the library's alert table (`review.alerts`); every action is a `review.workflow`
call, which checks the role and four eyes and writes the audit event naming the caller (a
user logged in through `POST /v1/sessions`, or an API key). Viewers read; reviewers
decide, comment and assign; approvers (and admins) approve or reject false positives.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from entitylist.api.auth import Approver, Principal, Reader, Reviewer, Service
from entitylist.api.routers.lists import MAX_ID, MAX_OFFSET
from entitylist.api.schemas import ERROR_RESPONSES, REVIEW_ERRORS
from entitylist.dates import parse_when
from entitylist.monitoring import Verdict
from entitylist.review import workflow
from entitylist.review.alerts import Alert, list_alerts
from entitylist.review.detail import alert_detail

router = APIRouter(prefix="/v1", tags=["alerts"], responses={**ERROR_RESPONSES, **REVIEW_ERRORS})

AlertId = Annotated[int, Path(ge=1, le=MAX_ID)]
T = TypeVar("T")
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    reason: Text
    expires: date | None = Field(default=None, description="Stops applying after this day")

    def decision(self) -> dict[str, Any]:
        """The verdict as `review.workflow` takes it: expiry at the end of its day."""
        expires_at = parse_when(self.expires, end_of_day=True) if self.expires else None
        return {"verdict": self.verdict, "reason": self.reason, "expires_at": expires_at}


class BulkDecisionIn(DecisionIn):
    alert_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=1000)


class ApprovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["approved", "rejected"] = "approved"
    reason: Text


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Text


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: str | None = Field(
        default=None, max_length=64, description="A reviewer's username; null unassigns"
    )


@router.get("/alerts", summary="The alert queue: one alert per party and real listed party")
async def get_alerts(
    *,
    svc: Service,
    _who: Reader,
    status: Annotated[str, Query(description="open, pending_approval, closed or all")] = "open",
    list_code: Annotated[str | None, Query(alias="list", max_length=16)] = None,
    country: Annotated[str | None, Query(max_length=8, description="The party's country")] = None,
    run: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Last changed by run")] = None,
    assignee: Annotated[str | None, Query(max_length=64, description="`-`: unassigned")] = None,
    party: Annotated[str | None, Query(max_length=256, description="One party id")] = None,
    origin: Annotated[
        str | None,
        Query(
            max_length=80,
            description="Where alerts came from: run, job or screening, or one of them by id "
            "(run:12, job:ID, screening:ID)",
        ),
    ] = None,
    sort: Annotated[
        str, Query(description="score (escalated, level, severity), age, updated, party")
    ] = "score",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JSONResponse:
    page = await run_in_threadpool(
        lambda: list_alerts(
            svc.store,
            status=status,
            list_code=list_code,
            country=country,
            run_id=run,
            assignee=assignee,
            party_id=party,
            origin=origin,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    )
    return JSONResponse(page.to_dict())


@router.get("/alerts/{alert_id}", summary="One alert: party, entries, rows, history")
async def get_one_alert(svc: Service, _who: Reader, alert_id: AlertId) -> JSONResponse:
    return JSONResponse(await run_in_threadpool(alert_detail, svc.store, alert_id))


async def _by(who: Principal, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A `review.workflow` action in the thread pool, made by the caller (actor and role):
    the library checks the role and four eyes and audits it."""
    return await run_in_threadpool(action, *args, actor=who.actor, role=who.role, **kwargs)


async def _alert(
    who: Principal, action: Callable[..., Alert], *args: Any, **kwargs: Any
) -> JSONResponse:
    """An action on one alert, answered with the alert as it now is."""
    return JSONResponse((await _by(who, action, *args, **kwargs)).to_dict())


@router.post("/alerts/{alert_id}/decision", summary="Decide on an alert (every row it stands for)")
async def post_decision(
    body: DecisionIn, svc: Service, who: Reviewer, alert_id: AlertId
) -> JSONResponse:
    return await _alert(who, workflow.decide_alert, svc.store, alert_id, **body.decision())


@router.post("/alerts/decisions", summary="One verdict on several alerts, each recorded")
async def post_bulk_decision(body: BulkDecisionIn, svc: Service, who: Reviewer) -> JSONResponse:
    done = await _by(who, workflow.decide_alerts, svc.store, body.alert_ids, **body.decision())
    return JSONResponse({"alerts": [a.to_dict() for a in done]})


@router.post("/alerts/{alert_id}/approval", summary="Approve or reject a false positive")
async def post_approval(
    body: ApprovalIn, svc: Service, who: Approver, alert_id: AlertId
) -> JSONResponse:
    return await _alert(
        who, workflow.approve, svc.store, alert_id, body.reason, outcome=body.outcome
    )


@router.post("/alerts/{alert_id}/comments", status_code=201, summary="Comment on an alert")
async def post_comment(
    body: CommentIn, svc: Service, who: Reviewer, alert_id: AlertId
) -> JSONResponse:
    made = await _by(who, workflow.comment, svc.store, alert_id, body.body)
    return JSONResponse(made.to_dict(), status_code=201)


@router.post("/alerts/{alert_id}/assignment", summary="Assign an alert to a reviewer")
async def post_assignment(
    body: AssignmentIn, svc: Service, who: Reviewer, alert_id: AlertId
) -> JSONResponse:
    return await _alert(who, workflow.assign, svc.store, alert_id, body.assignee)
