"""`POST /v1/update` (admin): update a source from its configured URL or uploaded files.

Fail-closed as the library's `update_source` is: a refused download answers 409 and the
list in force stays. A caller cannot name a URL to fetch (the server would fetch anything
it is pointed at); it either uploads the files or lets the server use the configured URL.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from entitylist.api.auth import Admin, Service
from entitylist.api.schemas import (
    ADMIN_KEY,
    ADMIN_ONLY,
    ERROR_RESPONSES,
    UPLOAD_TOO_LARGE,
    error_responses,
)
from entitylist.api.uploads import save_upload
from entitylist.audit import AuditLog
from entitylist.updates.lists import update_source

router = APIRouter(prefix="/v1", tags=["updating"], responses={**ERROR_RESPONSES, **ADMIN_ONLY})


@router.post(
    "/update",
    summary="Update a source (admin): from uploaded files, else from its configured URL",
    responses=error_responses(
        ADMIN_KEY,
        (409, "Refused: the list in force stays"),
        UPLOAD_TOO_LARGE,
        (502, "The official download failed"),
    ),
)
def update(
    svc: Service,
    key: Admin,
    *,
    source: Annotated[
        str, Form(max_length=32, description="csl, ofac, ofac-cons, dpl, un")
    ] = "csl",
    force: Annotated[bool, Form(description="Accept a list that shrank beyond the bound.")] = False,
    accept_truncated: Annotated[
        bool,
        Form(description="Accept a file that ends inside a quoted field (refused by default)."),
    ] = False,
    published: Annotated[
        date | None, Form(description="The day a historic vintage was published (default: now).")
    ] = None,
    files: Annotated[
        list[UploadFile] | None,
        File(description="The published file(s); several for multi-file sources (OFAC)."),
    ] = None,
) -> JSONResponse:
    uploads = [f for f in files or [] if f.filename]
    with tempfile.TemporaryDirectory(prefix="entitylist-upload-") as folder:
        location = _save(uploads, Path(folder)) if uploads else None
        outcome = update_source(
            svc.store,
            svc.settings,
            source,
            location,
            force=force,
            accept_truncated=accept_truncated,
            published_at=datetime.combine(published, time(), UTC) if published else None,
            audit=AuditLog(svc.store),
            actor=f"api key {key.id} ({key.name})",
        )
    if outcome.status == "created":
        svc.refresher.refresh()
    return JSONResponse(outcome.to_dict())


def _save(uploads: list[UploadFile], folder: Path) -> str:
    """One file: its path; several: the folder holding them (as multi-file sources read)."""
    paths = [save_upload(upload, folder) for upload in uploads]
    return str(paths[0]) if len(paths) == 1 else str(folder)
