"""The search page: a name (and country) in, ranked and explained matches out."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from entitylist.countries import country_code
from entitylist.errors import EntitylistError, InputError
from entitylist.screening import Party, ScreeningResult
from entitylist.screening.recorded import saved_as
from entitylist.web.deps import Csrf, Service, User, check_csrf
from entitylist.web.templating import render

router = APIRouter()


@router.post("/search/save")
async def save_search(
    user: User,
    svc: Service,
    name: Annotated[str, Form(max_length=1000)] = "",
    country: Annotated[str, Form(max_length=100)] = "",
    lists: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006 (FastAPI copies it)
    csrf: Csrf = "",
) -> Response:
    """Screen the party again and save it to the review queue (one screening event, naming
    the alerts); then the queue, filtered to this screening's alerts."""
    check_csrf(user.session, csrf)
    try:
        code = country_code(country)
    except InputError:  # the search page says what is wrong with the country
        return _back_to_search(name, country)
    if not name.strip():
        return _back_to_search(name, country)
    await svc.ready()
    saved = saved_as("screening")
    chosen = [c for c in lists if c] or None
    await run_in_threadpool(
        lambda: svc.screening.screen(
            Party(name=name.strip(), country=code), actor=user.user.actor, lists=chosen, save=saved
        )
    )
    target = urlencode({"origin": f"screening:{saved.ref}", "status": "all"})
    return RedirectResponse(f"/queue?{target}", status_code=303)


def _back_to_search(name: str, country: str) -> Response:
    return RedirectResponse(f"/search?{urlencode({'name': name, 'country': country})}", 303)


@router.get("/search")
async def search_page(
    request: Request,
    user: User,
    svc: Service,
    name: Annotated[str, Query(max_length=1000)] = "",
    country: Annotated[str, Query(max_length=100)] = "",
    lists: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006 (FastAPI copies it)
) -> Response:
    error: str | None = None
    result: ScreeningResult | None = None
    chosen = [code for code in lists if code]
    if name.strip():
        try:
            party = Party(name=name.strip(), country=country_code(country))
            await svc.ready()
            result = svc.screening.screen(party, actor=user.user.actor, lists=chosen or None)
        except EntitylistError as exc:
            error = exc.message
    current = await run_in_threadpool(svc.store.current)
    context: dict[str, Any] = {
        "name": name,
        "country": country,
        "chosen": chosen,
        "in_force": sorted(current.values(), key=lambda s: s.source),
        "result": result,
        "error": error,
        "list_codes": sorted({code for snap in current.values() for code in snap.counts}),
    }
    return render(request, "search.html", context, status=200 if error is None else 422, user=user)
