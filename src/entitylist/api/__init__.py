"""The HTTP service: a FastAPI app split by job (yente's habit).

Pipeline position: a face. `app` builds the service; `routers/` hold one module per job
(health, lists, screen, update); `auth` says who is calling; `limits` guards rate and size;
`errors` gives every failure one JSON shape; `state` holds what requests share (the store,
the live screening index, keys). All the work is done by the library below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from entitylist.service.config import ApiConfig
    from entitylist.settings import Settings

__all__ = ["create_app"]


def create_app(settings: Settings, config: ApiConfig | None = None) -> FastAPI:
    """See `entitylist.api.app.create_app` (imported here lazily: the web UI's modules
    import from this package, and the app imports them)."""
    from entitylist.api.app import create_app as factory

    return factory(settings, config)
