"""Screening: one party (`POST /v1/screen`) or up to `max_batch` (`POST /v1/screen/batch`)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from entitylist.api.auth import Service, Viewer
from entitylist.api.errors import PayloadTooLarge
from entitylist.api.schemas import (
    ERROR_RESPONSES,
    BatchRequest,
    BatchResponse,
    PartyIn,
    ScreenRequest,
    ScreenResponse,
)
from entitylist.audit.actors import Actor
from entitylist.auth import ApiKey
from entitylist.screening import Party
from entitylist.screening.recorded import saved_as

router = APIRouter(prefix="/v1", tags=["screening"], responses=ERROR_RESPONSES)


def _actor(key: ApiKey) -> Actor:
    return Actor.key(key.id, key.name)


def _party(p: PartyIn) -> Party:
    return Party(name=p.name, country=p.country, address=p.address, id=p.id)


@router.post(
    "/screen",
    response_model=ScreenResponse,
    summary="Screen one party: ranked, explained matches with licence fields",
)
async def screen(body: ScreenRequest, svc: Service, key: Viewer) -> JSONResponse:
    await svc.ready()
    # One party takes about a millisecond of CPU: run it on the event loop, which costs less
    # than a hop to the thread pool (threads would not run Python in parallel anyway).
    # Every screening is kept in the audit log (who, what, against which snapshots, what
    # was found): `svc.screening` queues the event for the audit writer's thread and the
    # answer does not wait for it; the thread commits whatever is queued in one
    # transaction as soon as it is free (no timer, no bound on the delay). The window this
    # leaves (a hard crash between answer and commit) is documented in docs/service.md.
    if body.save:  # writes alerts: off the event loop
        saved = saved_as("screening")
        result = await run_in_threadpool(
            lambda: svc.screening.screen(
                _party(body),
                actor=_actor(key),
                lists=body.lists,
                threshold=body.threshold,
                limit=body.limit,
                save=saved,
            )
        )
        return JSONResponse({**result.to_dict(), "saved": saved.to_dict()})
    result = svc.screening.screen(
        _party(body),
        actor=_actor(key),
        lists=body.lists,
        threshold=body.threshold,
        limit=body.limit,
    )
    return JSONResponse(result.to_dict())


@router.post(
    "/screen/batch",
    response_model=BatchResponse,
    responses={413: {"description": "More parties than one call accepts"}},
    summary="Screen up to 1,000 parties in one call",
)
async def screen_batch(body: BatchRequest, svc: Service, key: Viewer) -> JSONResponse:
    limit = svc.config.max_batch
    if len(body.parties) > limit:
        raise PayloadTooLarge(
            f"{len(body.parties):,} parties in one call; at most {limit:,} are accepted. "
            "Split the list, or screen a file with the batch page or `entitylist screen-file`.",
            details={"parties": len(body.parties), "max_batch": limit},
        )
    await svc.ready()
    parties = [_party(p) for p in body.parties]
    saved = saved_as("job") if body.save else None
    results = await run_in_threadpool(
        svc.screening.screen_many,
        parties,
        actor=_actor(key),
        lists=body.lists,
        threshold=body.threshold,
        limit=body.limit,
        save=saved,
    )
    snapshots = results[0].to_dict()["snapshots"] if results else {}
    return JSONResponse(
        {
            "count": len(results),
            "alerts": sum(r.alert for r in results),
            "snapshots": snapshots,
            "results": [r.to_dict() for r in results],
            "saved": saved.to_dict() if saved is not None else None,
        }
    )
