"""The changes page: additions and removals per snapshot (charts), and one diff in full
with its change report (headline, by Federal Register rule, by name group)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.reports.changes import ChangeReport
from entitylist.store import Diff
from entitylist.web.charts import diverging_chart
from entitylist.web.deps import Service, User
from entitylist.web.templating import render

router = APIRouter()
SHOWN = 25  # rows of each kind shown unless all are asked for
ALL = 5000
RULES_SHOWN = 15  # Federal Register rules shown, the most rows first


@router.get("/changes")
async def changes_page(
    request: Request,
    user: User,
    svc: Service,
    *,
    source: Annotated[str | None, Query(max_length=32)] = None,
    from_id: Annotated[int | None, Query(alias="from")] = None,
    to_id: Annotated[int | None, Query(alias="to")] = None,
    all_rows: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    sources = await run_in_threadpool(svc.timeline.sources)
    chosen = (
        source
        if source in sources
        else ("csl" if "csl" in sources else (sources[0] if sources else None))
    )
    points = await run_in_threadpool(svc.timeline.points, chosen) if chosen else []
    snapshots = await run_in_threadpool(svc.store.snapshots, chosen) if chosen else []
    diff: Diff | None = None
    report: ChangeReport | None = None
    if len(snapshots) >= 2 and chosen:
        diff = await run_in_threadpool(svc.store.diff, chosen, from_id, to_id)
        report = await run_in_threadpool(svc.timeline.report, diff)
    return render(
        request,
        "changes.html",
        {
            "sources": sources,
            "source": chosen,
            "points": points,
            "snapshots": snapshots,
            "diff": diff,
            "report": report,
            "rules_shown": RULES_SHOWN,
            "shown": ALL if all_rows else SHOWN,
            "all_link": _all_link(chosen, diff),
            "by_list": diverging_chart(points, "by_list", title="By list"),
            "by_country": diverging_chart(points, "by_country", title="By country"),
        },
        user=user,
    )


def _all_link(source: str | None, diff: Diff | None) -> str:
    if diff is None or source is None:
        return ""
    return f"/changes?source={source}&from={diff.from_snapshot.id}&to={diff.to_snapshot.id}&all=1"
