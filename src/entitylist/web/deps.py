"""Who is looking at a page: the session cookie, the user behind it, and the CSRF check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from starlette.concurrency import run_in_threadpool

from entitylist.auth import Role
from entitylist.auth import User as Person
from entitylist.errors import EntitylistError
from entitylist.service.state import ServiceState
from entitylist.web.session import Session, SessionCodec, csrf_ok, new_session


def service(request: Request) -> ServiceState:
    """The process's shared service state, which the app factory put on the app."""
    state: ServiceState = request.app.state.service
    return state


Service = Annotated[ServiceState, Depends(service)]
Csrf = Annotated[str, Form(max_length=100)]
"""The CSRF token every form posts (checked with `check_csrf`)."""
Password = Annotated[str, Form(max_length=1000)]
"""A password as posted, to log in with or to create a user with."""


class LoginRequired(Exception):
    """Raised by `web_user`; the app answers with a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url

    @property
    def location(self) -> str:
        return f"/login?next={quote(self.next_url, safe='/')}"


class CsrfFailed(EntitylistError, code="csrf_failed", status=403):
    """A form posted without this session's CSRF token."""


class RoleRequired(EntitylistError, code="forbidden", status=403):
    """The page needs a role the user does not have."""


@dataclass(frozen=True)
class WebUser:
    user: Person
    session: Session

    def require(self, role: Role) -> None:
        if not self.user.role.allows(role):
            raise RoleRequired(
                f"this page needs the {role.value} role; you are logged in as "
                f"{self.user.username} ({self.user.role.value})"
            )


def codec(request: Request) -> SessionCodec:
    found: SessionCodec = request.app.state.sessions
    return found


def current_session(request: Request) -> Session:
    """The visitor's session, or a fresh anonymous one (written by the page rendering)."""
    return codec(request).read(request) or new_session()


async def web_user(request: Request) -> WebUser:
    session = codec(request).read(request)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if session is None or session.token is None:
        raise LoginRequired(target)
    svc = service(request)
    user = await run_in_threadpool(svc.users.session_user, session.token)
    if user is None:  # logged out, expired or disabled: the database says so
        raise LoginRequired(target)
    svc.limiter.take(f"user:{user.id}")
    # Every page a user sees carries the banner of rules no list in force reflects yet.
    request.state.pending_rules = await run_in_threadpool(svc.pending_rules.current)
    return WebUser(user=user, session=session)


User = Annotated[WebUser, Depends(web_user)]


def check_csrf(session: Session | None, token: str | None) -> None:
    if not csrf_ok(session, token):
        raise CsrfFailed(
            "this form has expired or did not come from this site; reload the page and try again"
        )


def safe_next(value: str | None) -> str:
    """Only a local path is a place to go after login (no open redirects)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/search"
