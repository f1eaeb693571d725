"""The token bucket per API key and per user: `rate` requests a second, bursts of `burst`.

Why an in-process bucket rather than a shared store (Redis and the like): the service is
self-hosted on one machine, usually one or two worker processes, and a rate limit here is a
guard against a runaway client, not a billing meter. Keeping the buckets in memory costs no
round trip on the hot path and needs nothing else installed. The price: each worker process
keeps its own buckets, so with N workers a key may reach up to N times the configured rate.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from entitylist.errors import EntitylistError


class RateLimited(EntitylistError):
    code = "rate_limited"
    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after_seconds": retry_after})
        self.retry_after = retry_after


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """`rate` tokens per second refill each key's bucket, up to `burst`; a request takes one."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str, cost: float = 1.0) -> None:
        """Spend `cost` tokens of `key`'s bucket, or raise `RateLimited` with the wait."""
        if not self.enabled:
            return
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= cost:
                bucket.tokens -= cost
                return
            wait = (cost - bucket.tokens) / self.rate
        retry_after = max(1, math.ceil(wait))
        raise RateLimited(
            f"rate limit of {self.rate:g} requests per second (bursts of {self.burst}) "
            f"exceeded for this key; retry in {retry_after} s",
            retry_after=retry_after,
        )
