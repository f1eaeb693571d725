"""Logging in with an API key, and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.api.auth import Service
from entitylist.web.deps import check_csrf, codec, current_session, safe_next
from entitylist.web.session import SessionCodec, new_session
from entitylist.web.templating import render

router = APIRouter()


@router.get("/")
def home() -> Response:
    return RedirectResponse("/search", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    session = current_session(request)
    response = render(
        request,
        "login.html",
        {"session": session, "user": None, "next": safe_next(next), "error": None},
    )
    codec(request).write(response, session)
    return response


@router.post("/login")
async def login(
    request: Request,
    svc: Service,
    key: Annotated[str, Form(max_length=300)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/search",
) -> Response:
    sessions: SessionCodec = codec(request)
    session = sessions.read(request)
    check_csrf(session, csrf)
    found = await run_in_threadpool(svc.keys.authenticate, key.strip()) if key.strip() else None
    if found is None:
        assert session is not None
        response = render(
            request,
            "login.html",
            {
                "session": session,
                "user": None,
                "next": safe_next(next),
                "error": "That key is not valid: it is unknown, mistyped or revoked.",
            },
            status=401,
        )
        return response
    response = RedirectResponse(safe_next(next), status_code=303)
    sessions.write(response, new_session(found.id))  # a new session (and token) per login
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    check_csrf(codec(request).read(request), csrf)
    response = RedirectResponse("/login", status_code=303)
    SessionCodec.clear(response)
    return response
