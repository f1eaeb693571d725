"""Who is calling: `Authorization: Bearer <key>`, checked against the hashed keys.

`viewer` and `admin` are the dependencies routes declare; each also spends one token of the
key's rate-limit bucket. The review endpoints also take a person: `Bearer <session token>`
from `POST /v1/sessions` (username and password) names the user, so that decisions and
approvals are theirs (`Principal`: the audit actor and the role, of a key or a user).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from entitylist.api.errors import Forbidden, Unauthorized
from entitylist.audit.actors import Actor
from entitylist.auth import ApiKey, Role
from entitylist.auth.keys import KEY_PREFIX
from entitylist.service.state import ServiceState

KEY_MISSING = (
    "an API key is required: send `Authorization: Bearer <key>` "
    "(create one with `entitylist keys create --role viewer`)"
)
CREDENTIALS_MISSING = (
    "credentials are required: send `Authorization: Bearer <key or session token>` "
    "(an API key, or a token from POST /v1/sessions)"
)


def service(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


Service = Annotated[ServiceState, Depends(service)]


async def caller(request: Request) -> ApiKey:
    state = service(request)
    token = bearer_token(request, missing=KEY_MISSING, what="key")
    found, key = state.keys.cached(token)
    if not found:
        key = await run_in_threadpool(state.keys.authenticate, token)
    if key is None:
        raise Unauthorized("unknown or revoked API key")
    state.limiter.take(f"key:{key.id}")
    request.state.api_key = key
    return key


async def viewer(key: Annotated[ApiKey, Depends(caller)]) -> ApiKey:
    return key


async def admin(key: Annotated[ApiKey, Depends(caller)]) -> ApiKey:
    if not key.role.allows(Role.ADMIN):
        raise Forbidden(
            f"this key ({key.name!r}) has the {key.role.value} role; updating lists needs an "
            "admin key"
        )
    return key


Viewer = Annotated[ApiKey, Depends(viewer)]
Admin = Annotated[ApiKey, Depends(admin)]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who acts: the audit actor (a user or a key) and the role it holds."""

    actor: Actor
    role: Role


def bearer_token(
    request: Request, *, missing: str = CREDENTIALS_MISSING, what: str = "token"
) -> str:
    """The token of `Authorization: Bearer <token>`; `missing` says what to send without one."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise Unauthorized(missing)
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(f"malformed Authorization header: expected `Bearer <{what}>`")
    return token.strip()


async def principal(request: Request) -> Principal:
    """A key (`el_...`) or a user's session token; either spends its rate-limit token."""
    token = bearer_token(request)
    if token.startswith(KEY_PREFIX):
        key = await caller(request)
        return Principal(Actor.key(key.id, key.name), key.role)
    state = service(request)
    user = await run_in_threadpool(state.users.session_user, token)
    if user is None:
        raise Unauthorized("unknown, expired or ended session; log in again")
    state.limiter.take(f"user:{user.id}")
    return Principal(user.actor, user.role)


def needs(role: Role, what: str) -> Callable[..., Awaitable[Principal]]:
    async def check(who: Annotated[Principal, Depends(principal)]) -> Principal:
        if not who.role.allows(role):
            raise Forbidden(
                f"{who.actor.text} has the {who.role.value} role; {what} needs {role.value}"
            )
        return who

    return check


Reader = Annotated[Principal, Depends(needs(Role.VIEWER, "reading"))]
Reviewer = Annotated[Principal, Depends(needs(Role.REVIEWER, "deciding on alerts"))]
Approver = Annotated[Principal, Depends(needs(Role.APPROVER, "approving"))]
AdminPerson = Annotated[Principal, Depends(needs(Role.ADMIN, "managing users"))]
Person = Annotated[Principal, Depends(principal)]
