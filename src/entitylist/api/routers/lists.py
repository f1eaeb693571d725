"""Reading the lists: lists in force, entries, snapshots, changes between snapshots."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from entitylist.api.auth import Service, Viewer
from entitylist.api.schemas import (
    ERROR_RESPONSES,
    NOT_FOUND,
    ListsResponse,
    SnapshotsResponse,
)
from entitylist.reports.timeline import entry_history

router = APIRouter(prefix="/v1", tags=["lists"], responses={**ERROR_RESPONSES, **NOT_FOUND})

MAX_OFFSET = 10_000_000
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns on PostgreSQL: beyond, a 422
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refused here as a 422
SourceName = Annotated[str, Query(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9-]*$")]


@router.get(
    "/lists",
    summary="The lists in force, with entry counts and snapshots",
    responses={200: {"model": ListsResponse}},
)
def lists(svc: Service, _key: Viewer) -> JSONResponse:
    return JSONResponse({"lists": svc.store.lists()})


@router.get("/entries", summary="Browse the entries in force, or search them by text")
def entries(
    svc: Service,
    _key: Viewer,
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=NO_NUL, description="Text in the name or published id."),
    ] = None,
    list_code: Annotated[str | None, Query(alias="list", max_length=16, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JSONResponse:
    if q and q.strip():
        page = svc.store.search(q, list_code=list_code, limit=limit, offset=offset)
        total = None
    else:
        in_force = sorted(svc.screener.loaded.entries.values(), key=lambda s: s.id)
        if list_code:
            in_force = [s for s in in_force if s.entry.list_code == list_code.upper()]
        page = in_force[offset : offset + limit]
        total = len(in_force)
    return JSONResponse(
        {
            "total": total,
            "offset": offset,
            "limit": limit,
            "entries": [s.to_dict(raw=False) for s in page[:limit]],
        }
    )


@router.get("/entries/{ident}", summary="One entry (entry id, key or published id)")
def entry(
    svc: Service,
    _key: Viewer,
    ident: Annotated[str, Path(max_length=512, pattern=NO_NUL)],
    raw: Annotated[bool, Query(description="Include the published record.")] = False,
    history: Annotated[bool, Query(description="Include the snapshots it appears in.")] = False,
) -> JSONResponse:
    stored = svc.store.get(ident)
    body: dict[str, Any] = stored.to_dict(raw=raw)
    if history:
        body["history"] = entry_history(svc.store, stored).to_dict()
    return JSONResponse(body)


@router.get(
    "/snapshots",
    summary="Every snapshot kept, oldest first",
    responses={200: {"model": SnapshotsResponse}},
)
def snapshots(
    svc: Service,
    _key: Viewer,
    source: Annotated[str | None, Query(max_length=32)] = None,
) -> JSONResponse:
    return JSONResponse({"snapshots": [s.to_dict() for s in svc.store.snapshots(source)]})


@router.get("/changes", summary="What changed between two snapshots of a source")
def changes(
    svc: Service,
    _key: Viewer,
    source: SourceName,
    from_id: Annotated[
        int | None, Query(alias="from", ge=1, le=MAX_ID, description="Older snapshot id.")
    ] = None,
    to_id: Annotated[
        int | None, Query(alias="to", ge=1, le=MAX_ID, description="Newer snapshot id.")
    ] = None,
) -> JSONResponse:
    return JSONResponse(svc.store.diff(source, from_id, to_id).to_dict())


@router.get(
    "/changes/timeline",
    summary="Additions, removals and changes per snapshot, by list and by country",
)
def timeline(
    svc: Service,
    _key: Viewer,
    source: SourceName,
    last: Annotated[int, Query(ge=1, le=200)] = 24,
) -> JSONResponse:
    points = svc.timeline.points(source, last=last)
    return JSONResponse({"source": source, "points": [p.to_dict() for p in points]})
