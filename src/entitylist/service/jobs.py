"""Batch screening jobs run in the background: a file in, progress, a results file out.

Pipeline position: above screening (it runs `RecordedScreening.screen_file`, which audits
the batch), below the faces. Handing out a job's results is an export, audited here.
A job lives in its own directory (`<jobs>/<id>/`): the uploaded input, the results
in the `screen-file` contract, and `job.json` with its status and progress. State kept on
disk, not in memory, so that any worker process of the service can report on a job or hand
out its results, whichever process runs it.

No job can hold the workers: inputs are read within bounds (`screening.xlsx_rows`), each job
has a time limit, and the worker threads are daemons that stop at the next row when the
service shuts down (Ctrl-C), marking the job failed rather than keeping the process alive.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from entitylist.audit import kinds
from entitylist.audit.actors import Actor
from entitylist.errors import EntitylistError, InputError, NotFound, Stopped
from entitylist.screening.inputs import FORMATS, Columns, read_parties
from entitylist.screening.recorded import RecordedScreening, saved_as

log = logging.getLogger("entitylist.service.jobs")

JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_FOR = timedelta(days=7)
RESULTS = "results.csv"
PROGRESS_EVERY = 0.5  # seconds between progress writes


@dataclass(frozen=True)
class JobStatus:
    """A job as any process sees it (read from its `job.json`)."""

    id: str
    owner: str
    filename: str
    status: str  # queued | running | done | failed
    created_at: str
    rows_total: int | None = None
    rows_done: int = 0
    finished_at: str | None = None
    error: str | None = None
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "percent": self.percent, "finished": self.finished}


@dataclass(frozen=True)
class _Task:
    status: JobStatus
    input_path: Path
    actor: Actor
    lists: list[str] | None
    threshold: float | None
    columns: Columns


class BatchJobs:
    """Submits batch files to a few daemon worker threads; reads any job's status from disk."""

    def __init__(
        self,
        root: Path,
        screening: RecordedScreening,
        *,
        workers: int = 2,
        max_seconds: float = 1800.0,
    ) -> None:
        self.root = root
        self.screening = screening
        self.screener = screening.screener
        self.max_seconds = max_seconds
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._stopping = threading.Event()
        self._write_lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._work, name=f"batch-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def submit(
        self,
        owner: str,
        filename: str,
        content: BinaryIO,
        *,
        actor: Actor,
        lists: list[str] | None = None,
        threshold: float | None = None,
        max_bytes: int | None = None,
        columns: Columns | None = None,
    ) -> JobStatus:
        """Keep the upload and queue it; the input's type comes from its file name and its
        columns from `columns` (the defaults: id, name, country, address)."""
        name = Path(filename or "").name
        suffix = Path(name).suffix.lower()
        if suffix not in FORMATS:
            raise InputError(
                f"{name or 'the upload'}: unsupported file type {suffix or '(none)'}; "
                "upload CSV, XLSX, Parquet or JSONL with a 'name' column"
            )
        self.screener.plan(lists=lists, threshold=threshold)  # fail closed before queuing
        self._prune()
        job_id = secrets.token_urlsafe(18)
        folder = self.root / job_id
        folder.mkdir(parents=True)
        input_path = folder / f"input{suffix}"
        with input_path.open("wb") as out:
            copied = _copy(content, out, max_bytes)
        if copied == 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise InputError(f"{name}: the uploaded file is empty")
        status = JobStatus(
            id=job_id, owner=owner, filename=name, status="queued", created_at=_now()
        )
        self._write(status)
        self._queue.put(_Task(status, input_path, actor, lists, threshold, columns or Columns()))
        return status

    def status(self, job_id: str) -> JobStatus:
        path = self._folder(job_id) / "job.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise NotFound(f"no batch job {job_id!r}") from None
        return JobStatus(**data)

    def recent(self, owner: str, limit: int = 10) -> list[JobStatus]:
        """The owner's newest jobs, newest first."""
        if not self.root.is_dir():
            return []
        found = []
        for path in self.root.glob("*/job.json"):
            try:
                status = self.status(path.parent.name)
            except NotFound:
                continue
            if status.owner == owner:
                found.append(status)
        return sorted(found, key=lambda s: s.created_at, reverse=True)[:limit]

    def results_path(self, job_id: str) -> Path:
        status = self.status(job_id)
        path = self._folder(job_id) / RESULTS
        if status.status != "done" or not path.is_file():
            raise NotFound(f"batch job {job_id} has no results yet ({status.status})")
        return path

    def export(self, job_id: str, actor: Actor, *, errors: bool = False) -> Path:
        """The results (or bad rows) file of a finished job, handed out: one `export` event
        with the sha256 of the bytes handed out."""
        if errors:
            found = self.errors_path(job_id)
            if found is None:
                raise NotFound(f"batch job {job_id} has no bad rows")
            path = found
        else:
            path = self.results_path(job_id)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        data = {"what": "batch.errors" if errors else "batch.results", "job": job_id}
        self.screening.record(kinds.EXPORT, {**data, "format": "csv", "sha256": digest}, actor.text)
        return path

    def report(self, job_id: str, actor: Actor, fmt: str) -> Path:
        """The results of a finished job as a compliance export (`entitylist.reports.exports`:
        XLSX, or CSV with a byte-order mark), written beside them; one `export` event."""
        from entitylist.reports.exports import export_batch, export_format

        fmt = export_format(fmt)
        results = self.results_path(job_id)
        # One file per request: two downloads at once must not hand out each other's bytes.
        path = results.with_name(f"report-{secrets.token_hex(8)}.{fmt}")
        store = self.screener.store
        export_batch(
            store, results, path, fmt, record=self.screening.record, actor=actor, job_id=job_id
        )
        return path

    def hits(self, job_id: str, *, offset: int = 0, limit: int = 200) -> tuple[int, list[Any]]:
        """One page of a finished job's hits (`exports.batch_hits`) and their number."""
        from entitylist.reports.exports import batch_hits

        return batch_hits(
            self.screener.store, self.results_path(job_id), offset=offset, limit=limit
        )

    def errors_path(self, job_id: str) -> Path | None:
        path = self._folder(job_id) / f"{RESULTS}.errors.csv"
        return path if path.is_file() else None

    def shutdown(self, wait: float = 5.0) -> None:
        """Stop: a running job stops at its next row and is marked failed, queued ones too."""
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(None)
        deadline = time.monotonic() + wait
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    # -- inside the worker thread -------------------------------------------------------

    def _work(self) -> None:
        while (task := self._queue.get()) is not None:
            if self._stopping.is_set():
                self._write(_stopped(task.status, "the service stopped before the job ran"))
                continue
            self._run(task)
        while not self._queue.empty():  # jobs still queued when the service stopped
            left = self._queue.get_nowait()
            if left is not None:
                self._write(_stopped(left.status, "the service stopped before the job ran"))

    def _stop_check(self) -> Callable[[], None]:
        deadline = time.monotonic() + self.max_seconds

        def check() -> None:
            if self._stopping.is_set():
                raise Stopped("the service stopped while the job ran; upload the file again")
            if time.monotonic() > deadline:
                raise Stopped(
                    f"the job ran longer than its limit of {self.max_seconds:,.0f} seconds; "
                    "split the file or screen it with `entitylist screen-file`"
                )

        return check

    def _run(self, task: _Task) -> None:
        check = self._stop_check()
        status, input_path = task.status, task.input_path
        try:
            total = _count(input_path, task.columns, check)
            status = replace(status, status="running", rows_total=total)
            self._write(status)
            done = 0
            last_write = time.monotonic()

            def progress(n: int) -> None:
                nonlocal done, last_write, status
                done += n
                if time.monotonic() - last_write >= PROGRESS_EVERY:
                    last_write = time.monotonic()
                    status = replace(status, rows_done=done)
                    self._write(status)

            saved = saved_as("job", status.id)  # its hits open alerts in the review queue
            report = self.screening.screen_file(
                input_path,
                input_path.with_name(RESULTS),
                actor=task.actor,
                save=saved,
                columns=task.columns,
                lists=task.lists,
                threshold=task.threshold,
                progress=progress,
                check=check,
            )
            summary = report.to_dict()
            summary["errors"] = summary["errors"][:100]  # the full list is in the errors file
            summary.pop("output", None)
            summary.pop("errors_file", None)
            summary["saved"] = {
                "origin": "job",
                "origin_id": status.id,
                "alerts": len(saved.alerts),
            }
            status = replace(
                status, status="done", rows_done=report.rows, report=summary, finished_at=_now()
            )
        except EntitylistError as exc:
            # The message names the upload as its owner knows it, never the server's path.
            error = exc.message.replace(str(input_path), status.filename)
            status = replace(status, status="failed", error=error, finished_at=_now())
        except Exception:  # the job fails, the service does not
            log.exception("batch job %s failed", status.id)
            status = replace(
                status,
                status="failed",
                finished_at=_now(),
                error="the job failed on an unexpected error; it has been logged",
            )
        self._write(status)

    # -- files ---------------------------------------------------------------------------

    def _folder(self, job_id: str) -> Path:
        if not JOB_ID.match(job_id):
            raise NotFound(f"no batch job {job_id!r}")
        return self.root / job_id

    def _write(self, status: JobStatus) -> None:
        # Write then rename, so a reader in another process never sees half a file.
        folder = self.root / status.id
        tmp = folder / f"job.{os.getpid()}.{threading.get_ident()}.tmp"
        with self._write_lock:
            tmp.write_text(json.dumps(asdict(status)), encoding="utf-8")
            os.replace(tmp, folder / "job.json")

    def _prune(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - KEEP_FOR.total_seconds()
        for folder in self.root.iterdir():
            try:
                if folder.is_dir() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue


def _count(path: Path, columns: Columns, check: Callable[[], None]) -> int:
    total = 0
    for _ in read_parties(path, columns):
        total += 1
        if total % 256 == 0:
            check()
    return total


def _stopped(status: JobStatus, why: str) -> JobStatus:
    return replace(status, status="failed", error=why, finished_at=_now())


def _copy(source: BinaryIO, target: BinaryIO, max_bytes: int | None) -> int:
    copied = 0
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if max_bytes is not None and copied > max_bytes:
            raise InputError(f"the upload is larger than {max_bytes:,} bytes")
        target.write(chunk)
    return copied


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
