"""The app factory: one FastAPI app serving the API (/v1), its docs and the web UI.

`create_app(settings)` is what tests and `entitylist serve` call; `create_app_from_env` is
the factory uvicorn imports in each worker process when serving with several workers.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from entitylist.api import docs, errors
from entitylist.api.limits import BodySizeLimit
from entitylist.api.routers import (
    alerts,
    check,
    decisions,
    health,
    lists,
    monitoring,
    ownership,
    people,
    portfolio,
    screen,
    update,
)
from entitylist.api.text_guard import UnstorableText
from entitylist.service.config import ApiConfig
from entitylist.service.state import ServiceState
from entitylist.settings import Settings
from entitylist.web.app import error_page
from entitylist.web.app import install as install_web
from entitylist.web.session import load_secret

UPLOAD_PATHS = ("/v1/update", "/batch", "/v1/ownership", "/v1/parties")

DESCRIPTION = """\
Restricted-party screening against the US Entity List and the Consolidated Screening List.

Every endpoint but `/v1/health` and `POST /v1/sessions` needs `Authorization: Bearer
<key>` (create keys with `entitylist keys create --role viewer|admin`); the review endpoints
(`/v1/alerts`, `/v1/users`) also take a user's session token from `POST /v1/sessions`, so
that decisions and approvals name the person. Viewers read and screen; reviewers decide on
alerts; approvers approve false positives (four eyes); admins may also update lists and
manage users. Errors always have the shape `{"error": {"code", "message", "details"}}`.
Screening fails closed: with no list in force it answers 503, never an empty result.
"""


def create_app(settings: Settings, config: ApiConfig | None = None) -> FastAPI:
    config = config or ApiConfig()
    secret = load_secret(settings.data_dir)
    state = ServiceState.build(settings, config, secret)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.start()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="entitylist",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None,  # served by api.docs from the package, not from a CDN
        redoc_url=None,
    )
    app.state.service = state
    for router in (
        health.router,
        lists.router,
        screen.router,
        check.router,
        update.router,
        decisions.router,
        monitoring.router,
        alerts.router,
        people.router,
        portfolio.router,
        ownership.router,
    ):
        app.include_router(router)
    docs.install(app)
    install_web(app, config, secret)
    errors.install(app, html=error_page)

    def body_limit(path: str, _method: str) -> int:
        if path.startswith(UPLOAD_PATHS):
            return config.max_upload_bytes
        return config.max_body_bytes

    # Added last is outermost: the size limit bounds the body the text guard reads.
    app.add_middleware(UnstorableText)
    app.add_middleware(BodySizeLimit, limit_for=body_limit)
    return app


def create_app_from_env() -> FastAPI:
    """For `uvicorn --factory`: settings from ENTITYLIST_DB / ENTITYLIST_DATA_DIR, limits
    from ENTITYLIST_API_* (see `ApiConfig`)."""
    return create_app(Settings.load(), ApiConfig.from_env(os.environ))
