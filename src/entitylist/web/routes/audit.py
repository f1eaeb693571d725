"""The audit page (approvers and admins): the evidence trail filtered by time, user,
action and party, in readable columns, and exported as XLSX or CSV (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.audit.views import EventFilter, ReadableEvent, action_names, search_events
from entitylist.auth import Role
from entitylist.dates import parse_when
from entitylist.errors import EntitylistError
from entitylist.reports.exports import export_audit
from entitylist.web.deps import Service, User
from entitylist.web.downloads import export_download
from entitylist.web.forms import FilterForm, paging
from entitylist.web.templating import render

router = APIRouter()
PAGE = 50
Text = Annotated[str, Query(max_length=200)]


@dataclass(frozen=True)
class AuditQuery(FilterForm):
    """The filter form as typed; `chosen()` reads it (a bad date is an error on the page)."""

    start: str = ""
    end: str = ""
    user: str = ""
    action: str = ""
    party: str = ""

    def chosen(self) -> EventFilter:
        return EventFilter(
            start=parse_when(self.start) if self.start.strip() else None,
            end=parse_when(self.end, end_of_day=True) if self.end.strip() else None,
            user=self.user.strip() or None,
            action=self.action.strip() or None,
            party=self.party.strip() or None,
        )


def audit_query(
    start: Text = "", end: Text = "", user: Text = "", action: Text = "", party: Text = ""
) -> AuditQuery:
    return AuditQuery(start=start, end=end, user=user, action=action, party=party)


Asked = Annotated[AuditQuery, Depends(audit_query)]


@router.get("/audit")
async def audit_page(
    request: Request,
    user: User,
    svc: Service,
    asked: Asked,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    user.require(Role.APPROVER)
    error: str | None = None
    total, events = 0, list[ReadableEvent]()
    try:
        chosen = asked.chosen()
        total, events = await run_in_threadpool(
            lambda: search_events(svc.store, chosen, limit=PAGE, offset=(page - 1) * PAGE)
        )
    except EntitylistError as exc:
        error = exc.message
    context = {
        "asked": asked,
        "actions": action_names(),
        "events": events,
        **paging(page, total, PAGE),
        "error": error,
    }
    return render(request, "audit.html", context, status=200 if error is None else 422, user=user)


@router.get("/audit/export.{fmt}")
async def audit_export(fmt: str, user: User, svc: Service, asked: Asked) -> Response:
    user.require(Role.APPROVER)
    chosen = asked.chosen()

    def write(path: Path) -> object:
        return export_audit(
            svc.store, chosen, path, fmt, record=svc.audit_writer.record, actor=user.user.actor
        )

    return await export_download(fmt, "audit-events", write)
