"""The batch page: upload a file of parties, follow its progress, download the results.

The job runs in a background thread (`entitylist.jobs`); its page refreshes itself every
second while it runs (a meta refresh: no JavaScript needed). Results are the `screen-file`
CSV contract.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.api.auth import Service
from entitylist.errors import EntitylistError, NotFound
from entitylist.jobs import JobStatus
from entitylist.web.deps import User, WebUser, check_csrf
from entitylist.web.templating import render

router = APIRouter()


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
            "user": user.user,
            "session": user.session,
            "jobs": jobs,
            "error": None,
        },
    )


@router.post("/batch")
async def submit(
    request: Request,
    user: User,
    svc: Service,
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(user.session, csrf)
    try:
        status = await run_in_threadpool(
            svc.jobs.submit,
            _owner(user),
            file.filename or "",
            file.file,
            actor=user.user.actor,
            max_bytes=svc.config.max_upload_bytes,
        )
    except EntitylistError as exc:
        jobs = await run_in_threadpool(svc.jobs.recent, _owner(user))
        return render(
            request,
            "batch.html",
            {
                "user": user.user,
                "session": user.session,
                "jobs": jobs,
                "error": exc.message,
            },
            status=exc.status_code,
        )
    return RedirectResponse(f"/batch/{status.id}", status_code=303)


@router.get("/batch/{job_id}")
async def job_page(request: Request, job_id: str, user: User, svc: Service) -> Response:
    status = _own(await run_in_threadpool(svc.jobs.status, job_id), user)
    has_errors = svc.jobs.errors_path(job_id) is not None
    return render(
        request,
        "job.html",
        {
            "user": user.user,
            "session": user.session,
            "job": status,
            "has_errors": has_errors,
        },
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
