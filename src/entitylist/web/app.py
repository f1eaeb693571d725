"""Wiring the web UI into the service app: sessions, static files, pages, error pages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from entitylist.service.config import ApiConfig
from entitylist.web.deps import LoginRequired, current_session
from entitylist.web.routes import (
    alert,
    audit,
    batch,
    changes,
    check,
    entries,
    login,
    monitoring,
    portfolio,
    queue,
    search,
    users,
)
from entitylist.web.session import SessionCodec
from entitylist.web.templating import HERE, render


def install(app: FastAPI, config: ApiConfig, secret: bytes) -> None:
    app.state.sessions = SessionCodec(
        secret, max_age_seconds=int(config.session_hours * 3600), secure=config.secure_cookies
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    pages = (login, search, entries, changes, batch, check, queue, alert, monitoring, portfolio)
    for module in (*pages, audit, users):
        app.include_router(module.router, include_in_schema=False)

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(exc.location, status_code=303)


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """The page browsers get for an error outside the API (the API answers JSON)."""
    session = current_session(request)
    return render(
        request,
        "error.html",
        {"status": status, "code": code, "message": message, "session": session, "user": None},
        status=status,
    )
