"""`entitylist serve`: the API and the web UI over HTTP (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from entitylist.cli.app import app, err_console, state
from entitylist.service.config import ApiConfig
from entitylist.settings import ENV_DATA_DIR, ENV_DB


@app.command()
def serve(
    ctx: typer.Context,
    *,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Worker processes (each loads the cached screening index)."
        ),
    ] = 1,
    rate_limit: Annotated[
        float | None,
        typer.Option(
            "--rate-limit", min=0.0, help="Requests per second per key, per worker (0: off)."
        ),
    ] = None,
    rate_burst: Annotated[
        int | None,
        typer.Option(
            "--rate-burst",
            min=1,
            help="Requests a key may make in one burst before the rate applies.",
        ),
    ] = None,
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn's log level (debug, info, warning, error).")
    ] = "info",
) -> None:
    """Serve the REST API (/v1, docs at /docs) and the web UI."""
    import uvicorn

    st = state(ctx)
    st.store  # noqa: B018  (open once here: migrations run before any worker starts)
    config = ApiConfig.from_env(os.environ)
    overrides: dict[str, str] = {}
    if rate_limit is not None:
        overrides["rate_per_second"] = str(rate_limit)
    if rate_burst is not None:
        overrides["rate_burst"] = str(rate_burst)
    env = {**config.to_env(), ENV_DB: st.settings.db_url, ENV_DATA_DIR: str(st.settings.data_dir)}
    for name, value in overrides.items():
        env["ENTITYLIST_API_" + name.upper()] = value
    os.environ.update(env)  # worker processes build their app from the environment
    err_console.print(
        f"entitylist: serving http://{host}:{port}/ (API docs at /docs)", highlight=False
    )
    uvicorn.run(
        "entitylist.api.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
    )
