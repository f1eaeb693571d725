"""Changing the monitored portfolio over HTTP (admin): import a portfolio file and start a
monitoring run, so that the whole review workflow can be driven over the API alone. The
library's `import_parties` and `run_monitor` do the work and write the audit events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from entitylist.api.auth import Admin, Service
from entitylist.api.schemas import ADMIN_ONLY, ERROR_RESPONSES
from entitylist.api.uploads import saved_upload
from entitylist.audit.actors import Actor
from entitylist.monitoring import import_parties, run_monitor

router = APIRouter(prefix="/v1", tags=["monitoring"], responses={**ERROR_RESPONSES, **ADMIN_ONLY})


@router.post("/parties", status_code=201, summary="Import a portfolio file (admin)")
def post_parties(
    svc: Service,
    key: Admin,
    file: Annotated[UploadFile, File(description="CSV or XLSX with id and name columns")],
    replace: Annotated[bool, Form(description="Stop monitoring parties not in the file")] = False,
) -> JSONResponse:
    with saved_upload(file, purpose="parties") as target:
        report = import_parties(
            svc.store, target, replace=replace, actor=Actor.key(key.id, key.name).text
        )
    data = report.to_dict()
    data["file"] = target.name  # never the server's temporary path
    return JSONResponse(data, status_code=201)


@router.post("/monitor/runs", status_code=201, summary="Run monitoring now (admin)")
def post_run(svc: Service, key: Admin) -> JSONResponse:
    report = run_monitor(
        svc.store, svc.settings, actor=Actor.key(key.id, key.name).text, screener=svc.screener
    )
    return JSONResponse(
        {
            "run": report.run.to_dict(),
            "full_rescreen": report.full_rescreen,
            "open_hits": report.open_hits,
            "open_alerts": report.open_alerts,
            "reported": report.reported,
        },
        status_code=201,
    )
