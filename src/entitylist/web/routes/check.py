"""The shipment page: parties with roles, the item and destination in; the determination
(per party and overall, reasons with citations) out. Audited like every check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.determination import Determination, Role, check
from entitylist.determination.inputs import make_party, shipment_from
from entitylist.determination.models import Shipment
from entitylist.errors import EntitylistError
from entitylist.service.state import ServiceState
from entitylist.web.deps import Service, User, WebUser
from entitylist.web.templating import render

router = APIRouter()

PARTY_ROWS = 4
FACT_FIELDS = ("direct_product", "meu_supplement_2", "supplement_7_746", "project_end_use")
Texts = Annotated[list[str], Query(max_length=PARTY_ROWS)]


@router.get("/check")
async def check_page(
    request: Request,
    user: User,
    svc: Service,
    *,
    name: Texts = [],  # noqa: B006 (FastAPI copies it)
    role: Texts = [],  # noqa: B006
    country: Texts = [],  # noqa: B006
    item: Annotated[str, Query(max_length=40)] = "",
    destination: Annotated[str, Query(max_length=100)] = "",
    date: Annotated[str, Query(max_length=40)] = "",
    foreign_produced: bool = False,
    food_or_medicine: bool = False,
    ofac_authorised: bool = False,
    direct_product: str = "",
    meu_supplement_2: str = "",
    supplement_7_746: str = "",
    project_end_use: str = "",
) -> Response:
    facts: dict[str, Any] = {
        "foreign_produced": foreign_produced,
        "food_or_medicine": True if food_or_medicine else None,
        "direct_product": direct_product,
        "meu_supplement_2": meu_supplement_2,
        "supplement_7_746": supplement_7_746,
        "project_end_use": project_end_use,
    }
    rows = _rows(name, role, country)
    error: str | None = None
    result: Determination | None = None
    if any(r["name"] for r in rows):
        try:
            shipment = shipment_from(
                parties=[make_party(r["name"], r["role"], r["country"]) for r in rows if r["name"]],
                item=item,
                destination=destination,
                on=date or None,
                facts=facts,
                ofac_authorised=ofac_authorised,
            )
            result = await _check(svc, shipment, user)
        except EntitylistError as exc:
            error = exc.message
    context = {
        "rows": rows,
        "roles": [str(r) for r in Role],
        "form": {"item": item, "destination": destination, "date": date, **facts},
        "fact_fields": FACT_FIELDS,
        "result": result.to_dict() if result else None,
        "error": error,
    }
    return render(request, "check.html", context, status=200 if error is None else 422, user=user)


def _rows(names: list[str], roles: list[str], countries: list[str]) -> list[dict[str, str]]:
    def at(values: list[str], i: int, default: str = "") -> str:
        return values[i].strip() if i < len(values) else default

    return [
        {
            "name": at(names, i),
            "role": at(roles, i, "ultimate_consignee"),
            "country": at(countries, i),
        }
        for i in range(PARTY_ROWS)
    ]


async def _check(svc: ServiceState, shipment: Shipment, user: WebUser) -> Determination:
    screener = await svc.screener_on(shipment.on)
    return await run_in_threadpool(
        check, screener, shipment, record=svc.audit_writer.record, actor=user.user.actor
    )
