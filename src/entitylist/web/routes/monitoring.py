"""The monitoring pages: the runs (when, the lists in force, counts, what was new and what
went) and what one run reported."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.monitoring.delta import KIND_ORDER
from entitylist.monitoring.views import run, run_events, runs
from entitylist.web.deps import Service, User
from entitylist.web.templating import render

router = APIRouter()
MAX_RUNS = 100


@router.get("/runs")
async def runs_page(request: Request, user: User, svc: Service) -> Response:
    found = await run_in_threadpool(runs, svc.store, MAX_RUNS)
    return render(request, "runs.html", {"runs": found, "kinds": KIND_ORDER}, user=user)


@router.get("/runs/{run_id}")
async def run_page(
    request: Request, user: User, svc: Service, run_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    found, events = await run_in_threadpool(
        lambda: (run(svc.store, run_id), run_events(svc.store, run_id))
    )
    context = {"run": found, "events": events, "kinds": KIND_ORDER}
    return render(request, "run.html", context, user=user)
