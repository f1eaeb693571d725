"""The users page (admins): who may log in, with which role; create a user (the password
typed or generated and shown once) and disable one (their sessions end at once). The
library's `UserStore` checks and audits each change; this page only reads the forms."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from entitylist.auth import Role
from entitylist.errors import EntitylistError
from entitylist.web.deps import Csrf, Password, Service, User, WebUser, check_csrf
from entitylist.web.templating import render

router = APIRouter()
Username = Annotated[str, Path(min_length=1, max_length=64)]


async def _page(
    request: Request,
    user: WebUser,
    svc: Service,
    *,
    error: str | None = None,
    created: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    people = await run_in_threadpool(svc.users.list)
    context: dict[str, Any] = {
        "people": people,
        "roles": [r.value for r in Role],
        "error": error,
        "created": created,
    }
    return render(request, "users.html", context, status=status, user=user)


@router.get("/users")
async def users_page(request: Request, user: User, svc: Service) -> Response:
    user.require(Role.ADMIN)
    return await _page(request, user, svc)


@router.post("/users")
async def create_user(
    request: Request,
    user: User,
    svc: Service,
    *,
    username: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    password: Password = "",
    csrf: Csrf = "",
) -> Response:
    """A new user; a generated password is shown on the answer once and never again."""
    check_csrf(user.session, csrf)
    user.require(Role.ADMIN)
    try:
        made, generated = await run_in_threadpool(
            lambda: svc.users.create(username, role, user.user.actor, password or None)
        )
    except EntitylistError as exc:
        return await _page(request, user, svc, error=exc.message, status=exc.status_code)
    created = {"username": made.username, "role": made.role.value, "password": generated}
    return await _page(request, user, svc, created=created, status=201)


@router.post("/users/{username}/disable")
async def disable_user(
    request: Request, user: User, svc: Service, username: Username, csrf: Csrf = ""
) -> Response:
    check_csrf(user.session, csrf)
    user.require(Role.ADMIN)
    try:
        await run_in_threadpool(svc.users.disable, username, user.user.actor)
    except EntitylistError as exc:
        return await _page(request, user, svc, error=exc.message, status=exc.status_code)
    return RedirectResponse("/users", status_code=303)
