"""The queue page: open alerts first (escalated, alert level, list severity, score), filtered
by status, list, country, run and assignee; a bulk decision on the alerts ticked; the
queue as it is filtered exported as XLSX or CSV (audited)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.auth import Role
from entitylist.errors import EntitylistError, InputError
from entitylist.reports.exports import export_alerts
from entitylist.review import workflow
from entitylist.review.alerts import STATUSES, AlertPage, list_alerts
from entitylist.store import Store
from entitylist.web.decisions import Decision, decide
from entitylist.web.deps import Csrf, Service, User, check_csrf
from entitylist.web.downloads import export_download
from entitylist.web.forms import FilterForm, paging
from entitylist.web.templating import render

router = APIRouter()
PAGE = 50
EXPORT_LIMIT = 100_000
Text = Annotated[str, Query(max_length=64)]


@dataclass(frozen=True)
class QueueQuery(FilterForm):
    status: str = "open"
    list: str = ""
    country: str = ""
    run: str = ""
    assignee: str = ""
    origin: str = ""

    def page(self, store: Store, *, limit: int, offset: int) -> AlertPage:
        run = self.run.strip()
        if run and not run.isdigit():
            raise InputError(f"run must be a run number, not {run!r}")
        origin = self.origin.strip()
        # A bare number is a run, as the run filter took it.
        origin = f"run:{origin}" if origin.isdigit() else origin
        return list_alerts(
            store,
            status=self.status or "open",
            list_code=self.list or None,
            country=self.country or None,
            run_id=int(run) if run else None,
            origin=origin or None,
            assignee=self.assignee or None,
            limit=limit,
            offset=offset,
        )


def queue_query(
    status: Text = "open",
    list: Text = "",
    country: Text = "",
    run: Text = "",
    assignee: Text = "",
    origin: Text = "",
) -> QueueQuery:
    return QueueQuery(
        status, list.strip(), country.strip(), run.strip(), assignee.strip(), origin.strip()
    )


Asked = Annotated[QueueQuery, Depends(queue_query)]


@router.get("/queue")
async def queue_page(
    request: Request,
    user: User,
    svc: Service,
    asked: Asked,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    done: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    return await _render(request, user, svc, asked, page, notice=done or None)


async def _render(
    request: Request,
    user: User,
    svc: Service,
    asked: QueueQuery,
    page: int,
    *,
    notice: str | None = None,
    error: str | None = None,
) -> Response:
    found = AlertPage(0, 0, PAGE, [])
    try:
        found = await run_in_threadpool(
            lambda: asked.page(svc.store, limit=PAGE, offset=(page - 1) * PAGE)
        )
    except EntitylistError as exc:
        error = exc.message
    people = await run_in_threadpool(svc.users.list)
    context = {
        "asked": asked,
        "statuses": [s for s in STATUSES],
        "alerts": found.alerts,
        **paging(page, found.total, PAGE),
        "reviewers": [p.username for p in people if p.active and p.role.allows(Role.REVIEWER)],
        "can_decide": user.user.role.allows(Role.REVIEWER),
        "notice": notice,
        "error": error,
    }
    return render(request, "queue.html", context, status=200 if error is None else 422, user=user)


@router.post("/queue/decisions")
async def bulk_decision(
    request: Request,
    user: User,
    svc: Service,
    *,
    form: Decision,
    alert: Annotated[list[int], Form(max_length=1000)] = [],  # noqa: B006 (FastAPI copies it)
    csrf: Csrf = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(user.session, csrf)
    try:
        decided = await run_in_threadpool(decide, svc.store, alert, form, user)
    except EntitylistError as exc:
        return await _render(request, user, svc, QueueQuery(), 1, error=exc.message)
    said = f"{len(decided)} alert{'s' if len(decided) != 1 else ''} decided"
    return _back(back, said)


@router.post("/queue/assignments")
async def bulk_assignment(
    request: Request,
    user: User,
    svc: Service,
    *,
    alert: Annotated[list[int], Form(max_length=1000)] = [],  # noqa: B006 (FastAPI copies it)
    assignee: Annotated[str, Form(max_length=64)] = "",
    csrf: Csrf = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(user.session, csrf)

    def assign_all() -> int:
        if not alert:
            raise InputError("no alert selected")
        for alert_id in dict.fromkeys(alert):  # each its own audited assignment
            workflow.assign(
                svc.store, alert_id, assignee or None, actor=user.user.actor, role=user.user.role
            )
        return len(set(alert))

    try:
        count = await run_in_threadpool(assign_all)
    except EntitylistError as exc:
        return await _render(request, user, svc, QueueQuery(), 1, error=exc.message)
    said = f"{count} alert{'s' if count != 1 else ''} assigned to {assignee or 'nobody'}"
    return _back(back, said)


def _back(back: str, said: str) -> Response:
    # `back` is only ever a query string: the path stays /queue (no open redirect).
    query = back.lstrip("?/").replace("\\", "")
    return RedirectResponse(f"/queue?{query}&{urlencode({'done': said})}", status_code=303)


@router.get("/queue/export.{fmt}")
async def queue_export(fmt: str, user: User, svc: Service, asked: Asked) -> Response:
    filters = {k: v for k, v in asdict(asked).items() if v}

    def write(path: Path) -> object:
        found = asked.page(svc.store, limit=EXPORT_LIMIT, offset=0)
        return export_alerts(
            svc.store,
            [a.to_dict() for a in found.alerts],
            path,
            fmt,
            record=svc.audit_writer.record,
            actor=user.user.actor,
            filters=filters,
        )

    return await export_download(fmt, "alert-queue", write)
