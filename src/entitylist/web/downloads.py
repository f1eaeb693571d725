"""Handing out a file written for one request (an export): written in a private temporary
folder, sent, then removed."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from entitylist.errors import NotFound
from entitylist.reports.exports import MEDIA_TYPES


async def export_download(fmt: str, filename: str, write: Callable[[Path], object]) -> FileResponse:
    """`write(path)` (in a worker thread) makes the file; the response sends it as
    `filename.fmt` and removes it afterwards."""
    if fmt not in MEDIA_TYPES:
        raise NotFound(f"no {fmt!r} export: choose xlsx or csv")
    folder = Path(tempfile.mkdtemp(prefix="entitylist-export-"))
    path = folder / f"{filename}.{fmt}"
    try:
        await run_in_threadpool(write, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
