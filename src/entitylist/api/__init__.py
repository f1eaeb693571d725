"""The HTTP service: a FastAPI app split by job (yente's habit).

Pipeline position: a face. `app` builds the service; `routers/` hold one module per job
(health, lists, screen, update); `auth` says who is calling; `limits` guards rate and size;
`errors` gives every failure one JSON shape; `state` holds what requests share (the store,
the live screening index, keys). All the work is done by the library below.
"""

from __future__ import annotations

from entitylist.api.app import create_app

__all__ = ["create_app"]
