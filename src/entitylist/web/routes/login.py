"""Logging in with a username and password, and out (the session ends server-side).

The checking, throttling and auditing happen in `UserStore.login`/`logout`; this face
only reads the form and sets or clears the cookie.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.auth import LoginRefused, LoginThrottled
from entitylist.web.deps import (
    Csrf,
    Password,
    Service,
    check_csrf,
    codec,
    current_session,
    safe_next,
)
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
    username: Annotated[str, Form(max_length=200)] = "",
    password: Password = "",
    csrf: Csrf = "",
    next: Annotated[str, Form(max_length=2000)] = "/search",
) -> Response:
    sessions: SessionCodec = codec(request)
    session = sessions.read(request)
    check_csrf(session, csrf)
    assert session is not None
    client = request.client.host if request.client else None
    try:
        done = await run_in_threadpool(svc.users.login, username, password, client=client)
    except (LoginRefused, LoginThrottled) as exc:
        context = {
            "session": session,
            "user": None,
            "next": safe_next(next),
            "error": exc.message,
            "username": username.strip(),
        }
        return render(request, "login.html", context, status=exc.status_code)
    response = RedirectResponse(safe_next(next), status_code=303)
    sessions.write(response, new_session(done.token))  # a new session (and token) per login
    return response


@router.post("/logout")
async def logout(request: Request, svc: Service, csrf: Csrf = "") -> Response:
    session = codec(request).read(request)
    check_csrf(session, csrf)
    if session is not None and session.token is not None:
        await run_in_threadpool(svc.users.logout, session.token)
    response = RedirectResponse("/login", status_code=303)
    SessionCodec.clear(response)
    return response
