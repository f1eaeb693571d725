"""Shipment determination: `POST /v1/check` (one shipment, audited with the caller's key)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from entitylist.api.auth import Service, Viewer
from entitylist.api.schemas import ERROR_RESPONSES, CheckRequest, CheckResponse
from entitylist.audit.actors import Actor
from entitylist.determination import check
from entitylist.determination.inputs import FACTS, make_party, shipment_from
from entitylist.determination.models import Shipment

router = APIRouter(prefix="/v1", tags=["determination"], responses=ERROR_RESPONSES)


def _shipment(body: CheckRequest) -> Shipment:
    return shipment_from(
        parties=[make_party(p.name, p.role, p.country) for p in body.parties],
        item=body.item,
        destination=body.destination,
        on=body.date,
        facts={name: getattr(body, name) for name in FACTS},
        ofac_authorised=body.ofac_authorised,
    )


@router.post(
    "/check",
    response_model=CheckResponse,
    summary="May I ship? Parties with roles, item, destination: the outcome with citations",
)
async def check_shipment(body: CheckRequest, svc: Service, key: Viewer) -> JSONResponse:
    shipment = _shipment(body)
    actor = Actor.key(key.id, key.name)
    screener = await svc.screener_on(shipment.on)
    result = await run_in_threadpool(
        check, screener, shipment, record=svc.audit_writer.record, actor=actor
    )
    return JSONResponse(result.to_dict())
