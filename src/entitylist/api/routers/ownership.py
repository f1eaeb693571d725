"""Ownership data and the Affiliates rule over HTTP: import (admin), snapshots, rule status."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse

from entitylist.api.auth import Admin, Service, Viewer
from entitylist.api.schemas import ADMIN_KEY, ERROR_RESPONSES, UPLOAD_TOO_LARGE, error_responses
from entitylist.api.uploads import saved_upload
from entitylist.rules import load_rule
from entitylist.store.ownership import OwnershipStore
from entitylist.updates.ownership import import_ownership

router = APIRouter(prefix="/v1", tags=["affiliates"], responses=ERROR_RESPONSES)


@router.post(
    "/ownership",
    summary="Import an ownership file (admin) as a new snapshot of its data set",
    responses=error_responses(ADMIN_KEY, UPLOAD_TOO_LARGE),
)
def import_file(
    svc: Service,
    key: Admin,
    file: Annotated[UploadFile, File(description="csv, GLEIF XML, BODS JSON, FtM JSON lines")],
    fmt: Annotated[
        str | None, Form(alias="format", max_length=16, description="Default: from the file.")
    ] = None,
    dataset: Annotated[str | None, Form(max_length=128)] = None,
) -> JSONResponse:
    with saved_upload(file, purpose="ownership") as target:
        snap = import_ownership(
            svc.store,
            target,
            fmt=fmt,
            dataset=dataset,
            origin=f"upload {target.name}",
            actor=f"api key {key.id} ({key.name})",
        )
    svc.refresher.refresh()  # screened with at once here (other processes: within the interval)
    return JSONResponse(snap.to_dict())


@router.get("/ownership/snapshots", summary="The ownership snapshots kept, oldest first")
def snapshots(svc: Service, _key: Viewer) -> JSONResponse:
    found = OwnershipStore(svc.store.engine).snapshots()
    return JSONResponse({"snapshots": [s.to_dict() for s in found]})


@router.get("/rules/affiliates", summary="The Affiliates rule's status on a day")
def affiliates_rule(
    svc: Service,
    _key: Viewer,
    on: Annotated[date | None, Query(description="The day (default: today).")] = None,
) -> JSONResponse:
    rule = load_rule(svc.settings.data_dir)
    return JSONResponse(rule.on(on or date.today()).to_dict())
