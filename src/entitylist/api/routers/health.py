"""`GET /v1/health`: no key needed; fails closed (503) when no list is in force, and says
`stale` (still 200: screening works, but the lists are old) when a list in force was published
longer ago than `ApiConfig.stale_days`."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from entitylist.api.auth import Service
from entitylist.api.errors import error_body
from entitylist.api.schemas import ErrorResponse, HealthResponse

router = APIRouter(tags=["health"])


@router.get(
    "/v1/health",
    response_model=HealthResponse,
    responses={503: {"model": ErrorResponse, "description": "No list in force"}},
    summary="Service health and the age of each list in force",
)
def health(svc: Service) -> JSONResponse:
    now = datetime.now(UTC)
    stale_after = svc.config.stale_days * 86_400
    current = svc.store.current()
    lists = [
        {
            "source": source,
            "snapshot": snap.id,
            "retrieved_at": snap.retrieved_at.isoformat(),
            "published_at": snap.brief()["published_at"],
            "publication_known": snap.publication_known,
            "publication": snap.publication,
            "age_seconds": int((now - snap.published).total_seconds()),
            "stale": (now - snap.published).total_seconds() > stale_after,
            "entries": snap.entry_count,
            "lists": snap.counts,
        }
        for source, snap in sorted(current.items())
    ]
    index = svc.refresher.loaded_snapshots()
    if not lists:
        body = error_body(
            "no_list_loaded",
            "no list is in force: screening would fail closed. Load one with "
            "`entitylist update` or POST /v1/update.",
            {"status": "unavailable", "lists": []},
        )
        return JSONResponse(body, status_code=503)
    status = "stale" if any(entry["stale"] for entry in lists) else "ok"
    return JSONResponse(
        {
            "status": status,
            "stale_after_seconds": int(stale_after),
            "lists": lists,
            "index_snapshots": index,
        }
    )
