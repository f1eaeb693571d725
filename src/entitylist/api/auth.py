"""Who is calling: `Authorization: Bearer <key>`, checked against the hashed keys.

`viewer` and `admin` are the dependencies routes declare; each also spends one token of the
key's rate-limit bucket.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from entitylist.api.errors import Forbidden, Unauthorized
from entitylist.api.state import ServiceState
from entitylist.auth import ApiKey, Role


def service(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


Service = Annotated[ServiceState, Depends(service)]


async def caller(request: Request) -> ApiKey:
    state = service(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise Unauthorized(
            "an API key is required: send `Authorization: Bearer <key>` "
            "(create one with `entitylist keys create --role viewer`)"
        )
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("malformed Authorization header: expected `Bearer <key>`")
    token = token.strip()
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
