"""What one service process shares across requests: store, keys, limits, the live index.

The screening index is loaded once per process and shared by every request. A background
thread checks for a new snapshot every `refresh_seconds` and swaps the new index in with one
assignment (`Screener.refresh`), so requests in flight finish on the index they started
with and none waits for a reload. The service never builds an index in its own process
(that would take the requests' CPU for seconds): `entitylist update` caches it, and a child
process builds one that is missing (`screening.index_cache`). A successful
`POST /v1/update` refreshes at once.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from entitylist.audit import AuditLog
from entitylist.audit.writer import AuditWriter
from entitylist.auth import ApiKey, KeyStore, UserStore
from entitylist.countries import to_iso2
from entitylist.errors import NoListLoaded
from entitylist.matching.scripts import transliterate_word
from entitylist.reports.timeline import ChangeTimeline
from entitylist.screening import Screener
from entitylist.screening.recorded import RecordedScreening
from entitylist.service.config import ApiConfig
from entitylist.service.dated import DatedScreeners
from entitylist.service.jobs import BatchJobs
from entitylist.service.limits import RateLimiter
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.updates.federal_register import PendingWatch

log = logging.getLogger("entitylist.service")

# How long a checked key is trusted without asking the database again: a revoked key is
# refused within this many seconds, and the hot path makes no query for a known key.
KEY_CACHE_SECONDS = 5.0


class KeyCache:
    """`KeyStore.authenticate` and `get` answers, remembered for `ttl` seconds."""

    def __init__(self, keys: KeyStore, ttl: float = KEY_CACHE_SECONDS) -> None:
        self.keys = keys
        self.ttl = ttl
        self._by_secret: dict[str, tuple[float, ApiKey | None]] = {}
        self._by_id: dict[int, tuple[float, ApiKey | None]] = {}

    def cached(self, secret: str) -> tuple[bool, ApiKey | None]:
        hit = self._by_secret.get(secret)
        if hit is not None and hit[0] > time.monotonic():
            return True, hit[1]
        return False, None

    def authenticate(self, secret: str) -> ApiKey | None:
        found, key = self.cached(secret)
        if found:
            return key
        key = self.keys.authenticate(secret)
        if len(self._by_secret) > 10_000:  # bounded: unknown keys must not grow it forever
            self._by_secret.clear()
        self._by_secret[secret] = (time.monotonic() + self.ttl, key)
        return key

    def active_by_id(self, key_id: int) -> ApiKey | None:
        hit = self._by_id.get(key_id)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        try:
            key: ApiKey | None = self.keys.get(key_id)
        except Exception:  # unknown id: treat as logged out
            key = None
        if key is not None and not key.active:
            key = None
        self._by_id[key_id] = (time.monotonic() + self.ttl, key)
        return key


class IndexRefresher:
    """Keeps the shared `Screener` on the snapshots in force, from a daemon thread."""

    def __init__(self, screener: Screener, interval: float) -> None:
        self.screener = screener
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ready = False
        """True once an index has been loaded (it stays loaded: snapshots are never removed)."""

    def start(self) -> None:
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._run, name="index-refresh", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)  # a daemon: it may be mid-query, never mid-write
            self._thread = None

    def refresh(self) -> bool:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            changed = self.screener.refresh()
        except NoListLoaded:
            return False
        self.ready = True
        if changed:
            ids = {s: snap.id for s, snap in self.screener.snapshots.items()}
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            log.info("screening index for snapshots %s in use (%.1f s, %.2f s CPU)", ids, wall, cpu)
            _freeze_heap()
        return changed

    def loaded_snapshots(self) -> dict[str, int] | None:
        if not self.ready:
            return None
        return {s: snap.id for s, snap in sorted(self.screener.snapshots.items())}

    def _run(self) -> None:
        _warm_up()
        while True:
            try:
                self.refresh()
            except Exception:  # a database hiccup must not kill the refresher
                log.exception("index refresh failed; the index in use stays")
            if self._stop.wait(self.interval):
                return


def _freeze_heap() -> None:
    """Move the long-lived objects (the index: hundreds of thousands of them) out of the
    garbage collector's sight. Without this every full collection walks the whole index and
    stalls all requests for a tenth of a second or more (the p99 of the load benchmark).
    No collection first: one over the old and the new index holds the GIL for up to a
    second. The old index is acyclic data, freed by reference counting once unused."""
    gc.freeze()


def _warm_up() -> None:
    """Pay the one-off costs (the territory database behind country names, the Chinese
    reading tables) before the first request does."""
    try:
        to_iso2("warm-up: no such country")
        transliterate_word("华为")  # pypinyin's tables load on the first Han word
    except Exception:  # a warm-up must never stop the service
        log.exception("warm-up failed")


@dataclass
class ServiceState:
    settings: Settings
    config: ApiConfig
    store: Store
    keys: KeyCache
    users: UserStore
    limiter: RateLimiter
    screener: Screener
    screening: RecordedScreening
    """What the faces screen with: every call records its audit event."""
    refresher: IndexRefresher
    jobs: BatchJobs
    timeline: ChangeTimeline
    audit_writer: AuditWriter
    pending_rules: PendingWatch
    """The FR rules no list in force reflects yet (the web UI's banner), kept until the
    store changes."""
    dated: DatedScreeners
    """Screeners for the lists of other days (dated shipment checks)."""
    secret: bytes = field(repr=False, default=b"")

    @classmethod
    def build(cls, settings: Settings, config: ApiConfig, secret: bytes) -> ServiceState:
        store = Store.open(settings.db_url)
        screener = Screener(store, settings, serving=True)
        writer = AuditWriter(AuditLog(store))
        screening = RecordedScreening(screener, writer.record)
        return cls(
            settings=settings,
            config=config,
            store=store,
            keys=KeyCache(KeyStore(store.engine)),
            users=UserStore(
                store,
                session_hours=config.session_hours,
                failures_per_client=config.login_failures_per_client,
            ),
            limiter=RateLimiter(config.rate_per_second, config.rate_burst),
            screener=screener,
            screening=screening,
            refresher=IndexRefresher(screener, config.refresh_seconds),
            jobs=BatchJobs(
                settings.data_dir / "jobs",
                screening,
                workers=config.batch_workers,
                max_seconds=config.batch_job_seconds,
            ),
            timeline=ChangeTimeline(store),
            audit_writer=writer,
            pending_rules=PendingWatch(store),
            dated=DatedScreeners(store, settings),
            secret=secret,
        )

    def start(self) -> None:
        self.refresher.start()

    async def ready(self) -> None:
        """Load the index in force if it is not yet (the first load may take seconds: in a
        thread, never on the event loop)."""
        if not self.refresher.ready:
            await asyncio.to_thread(self.refresher.refresh)

    async def screener_on(self, on: date | None) -> Screener:
        """The screener for the lists in force on `on` (the end of that day), or for the
        lists in force now; another day's lists have their own index (`DatedScreeners`)."""
        if on is None:
            await self.ready()
            return self.screener
        return await asyncio.to_thread(self.dated.on, on)

    def close(self) -> None:
        self.refresher.stop()
        self.jobs.shutdown()
        self.audit_writer.close()
        self.store.close()
