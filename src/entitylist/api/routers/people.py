"""People over HTTP: log in for a session token (the review endpoints take it as a bearer
token, so decisions name the user), log out, and (admin) create and list users. The
library's `UserStore` hashes passwords, throttles logins and audits each attempt and change.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from entitylist.api.auth import AdminPerson, Person, Service, bearer_token
from entitylist.api.schemas import ERROR_RESPONSES, REVIEW_ERRORS
from entitylist.auth import Role

router = APIRouter(prefix="/v1", tags=["people"], responses={**ERROR_RESPONSES, **REVIEW_ERRORS})


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    role: Role
    password: str | None = Field(
        default=None, min_length=1, max_length=1000, description="Omit: one is generated"
    )


@router.post("/sessions", status_code=201, summary="Log in: a session token for a user")
async def login(body: LoginIn, svc: Service, request: Request) -> JSONResponse:
    client = request.client.host if request.client else None
    done = await run_in_threadpool(svc.users.login, body.username, body.password, client=client)
    return JSONResponse({"token": done.token, "user": done.user.to_dict()}, status_code=201)


@router.delete("/sessions/current", summary="Log out: end this session in the database")
async def logout(svc: Service, request: Request, who: Person) -> JSONResponse:
    await run_in_threadpool(svc.users.logout, bearer_token(request))
    return JSONResponse({"ended": True, "by": who.actor.text})


@router.post("/users", status_code=201, summary="Create a user (admin)")
async def create_user(body: UserIn, svc: Service, who: AdminPerson) -> JSONResponse:
    user, generated = await run_in_threadpool(
        svc.users.create, body.username, body.role, who.actor, body.password
    )
    return JSONResponse({"user": user.to_dict(), "password": generated}, status_code=201)


@router.get("/users", summary="Every user (admin)")
async def get_users(svc: Service, _who: AdminPerson) -> JSONResponse:
    found = await run_in_threadpool(svc.users.list)
    return JSONResponse({"users": [u.to_dict() for u in found]})
