"""The batch page: upload a file of parties, follow its progress, download the results.

The job runs in a background thread (`entitylist.service.jobs`); its page refreshes itself every
second while it runs (a meta refresh: no JavaScript needed). Results are the `screen-file`
CSV contract; the page of a finished job shows its hits (200 a page) and hands out the
compliance export (`entitylist.reports.exports`) as XLSX or CSV.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.errors import EntitylistError, NotFound
from entitylist.reports.exports import MEDIA_TYPES
from entitylist.screening.inputs import Columns
from entitylist.service.jobs import JobStatus
from entitylist.web.deps import Csrf, Service, User, WebUser, check_csrf
from entitylist.web.forms import paging
from entitylist.web.templating import render

router = APIRouter()
PAGE = 200  # hits shown on a job's page at a time
Column = Annotated[str, Form(max_length=200)]


def _owner(user: WebUser) -> str:
    return f"user:{user.user.id}"


def _own(svc_status: JobStatus, user: WebUser) -> JobStatus:
    # Another key's job is reported as missing, not as forbidden: ids are not confirmed.
    if svc_status.owner != _owner(user):
        raise NotFound(f"no batch job {svc_status.id!r}")
    return svc_status


@router.get("/batch")
async def batch_page(request: Request, user: User, svc: Service) -> Response:
    jobs = await run_in_threadpool(svc.jobs.recent, _owner(user))
    return render(
        request,
        "batch.html",
        {
            "jobs": jobs,
            "error": None,
            "columns": Columns(),
        },
        user=user,
    )


@router.post("/batch")
async def submit(
    request: Request,
    user: User,
    svc: Service,
    *,
    file: Annotated[UploadFile, File()],
    csrf: Csrf = "",
    name_column: Column = "name",
    id_column: Column = "id",
    country_column: Column = "country",
    address_column: Column = "address",
) -> Response:
    check_csrf(user.session, csrf)
    columns = Columns(
        id=id_column.strip() or "id",
        name=name_column.strip() or "name",
        country=country_column.strip() or "country",
        address=address_column.strip() or "address",
    )
    try:
        status = await run_in_threadpool(
            svc.jobs.submit,
            _owner(user),
            file.filename or "",
            file.file,
            actor=user.user.actor,
            max_bytes=svc.config.max_upload_bytes,
            columns=columns,
        )
    except EntitylistError as exc:
        jobs = await run_in_threadpool(svc.jobs.recent, _owner(user))
        return render(
            request,
            "batch.html",
            {
                "jobs": jobs,
                "error": exc.message,
                "columns": columns,
            },
            status=exc.status_code,
            user=user,
        )
    return RedirectResponse(f"/batch/{status.id}", status_code=303)


@router.get("/batch/{job_id}")
async def job_page(
    request: Request,
    job_id: str,
    user: User,
    svc: Service,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    status = _own(await run_in_threadpool(svc.jobs.status, job_id), user)
    has_errors = svc.jobs.errors_path(job_id) is not None
    total, hits = 0, list[Any]()
    if status.status == "done":
        total, hits = await run_in_threadpool(
            lambda: svc.jobs.hits(job_id, offset=(page - 1) * PAGE, limit=PAGE)
        )
    return render(
        request,
        "job.html",
        {
            "job": status,
            "has_errors": has_errors,
            "hits": hits,
            **paging(page, total, PAGE),
        },
        user=user,
    )


@router.get("/batch/{job_id}/status")
async def job_status(job_id: str, user: User, svc: Service) -> Response:
    status = _own(await run_in_threadpool(svc.jobs.status, job_id), user)
    return JSONResponse(status.to_dict())


@router.get("/batch/{job_id}/results.csv")
async def job_results(job_id: str, user: User, svc: Service) -> Response:
    status = _own(await run_in_threadpool(svc.jobs.status, job_id), user)
    path = await run_in_threadpool(svc.jobs.export, job_id, user.user.actor)
    stem = status.filename.rsplit(".", 1)[0] or "batch"
    return FileResponse(path, media_type="text/csv", filename=f"{stem}-screened.csv")


@router.get("/batch/{job_id}/errors.csv")
async def job_errors(job_id: str, user: User, svc: Service) -> Response:
    status = _own(await run_in_threadpool(svc.jobs.status, job_id), user)
    path = await run_in_threadpool(svc.jobs.export, job_id, user.user.actor, errors=True)
    stem = status.filename.rsplit(".", 1)[0] or "batch"
    return FileResponse(path, media_type="text/csv", filename=f"{stem}-bad-rows.csv")


@router.get("/batch/{job_id}/report.{fmt}")
async def job_report(job_id: str, fmt: str, user: User, svc: Service) -> Response:
    """The compliance export of a job's results (XLSX, or CSV with a byte-order mark)."""
    if fmt not in MEDIA_TYPES:
        raise NotFound(f"no {fmt!r} report: choose xlsx or csv")
    status = _own(await run_in_threadpool(svc.jobs.status, job_id), user)
    path = await run_in_threadpool(svc.jobs.report, job_id, user.user.actor, fmt)
    stem = status.filename.rsplit(".", 1)[0] or "batch"
    return FileResponse(path, media_type=MEDIA_TYPES[fmt], filename=f"{stem}-report.{fmt}")
