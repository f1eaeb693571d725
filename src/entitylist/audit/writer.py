"""Group commit for a busy service: many audit events, one transaction.

The service's audit events (screenings, checks, exports) go through one writer thread
per process. Writing each event in its own transaction makes concurrent requests (and
worker processes) queue on the database's write lock, and SQLite's busy handler sleeps in
steps of up to 100 ms, which is what a p99 shows. Here a request hands its event to the
thread (`record`) and does not wait: its answer may be sent before the event is committed.
The thread takes everything queued, appends it in one transaction and resolves each event's
future; a write that fails is logged, and the request that handed it over never learns of
it. Under load events batch up by themselves; when idle, an event is written at once.
`submit` returns the future for a caller that must wait for the commit; `close` writes
what is queued first.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from entitylist.audit.chain import AuditEvent
from entitylist.audit.log import AuditLog
from entitylist.errors import InputError

MAX_BATCH = 500

logger = logging.getLogger("entitylist.audit")


@dataclass(frozen=True)
class _Pending:
    kind: str
    data: Mapping[str, Any]
    actor: str | None
    done: Future[AuditEvent]


class AuditWriter:
    """One writer thread appending submitted events to `log` in batches."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def submit(
        self, kind: str, data: Mapping[str, Any], actor: str | None = None
    ) -> Future[AuditEvent]:
        """Queue one event; the future resolves once it is committed (or fails with why)."""
        if not kind or len(kind) > 64:  # checked here: one bad event must not fail a batch
            raise InputError(f"audit event kind must be 1-64 characters, not {kind!r}")
        done: Future[AuditEvent] = Future()
        self._queue.put(_Pending(kind, data, actor, done))
        return done

    def record(
        self, kind: str, data: Mapping[str, Any], actor: str | None = None
    ) -> Future[AuditEvent]:
        """Submit and do not wait (a `screening.recorded.Record`); a failed write is logged.
        Waiting on this thread for the GIL tripled the service's p99 under load."""
        done = self.submit(kind, data, actor)
        done.add_done_callback(_log_failure)
        return done

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._write(batch)
            if stop:
                return

    def _write(self, batch: list[_Pending]) -> None:
        try:
            with self.log.store.engine.begin() as conn:
                events = self.log.record_many(conn, [(p.kind, p.data, p.actor) for p in batch])
        except Exception as exc:  # every waiting request learns the write failed
            for pending in batch:
                pending.done.set_exception(exc)
            return
        for pending, event in zip(batch, events, strict=True):
            pending.done.set_result(event)


def _log_failure(done: Future[AuditEvent]) -> None:
    if done.exception() is not None:
        logger.error("audit write failed: %s", done.exception())
