"""Request limits: a token bucket per API key (429 + Retry-After) and body sizes (413).

Why an in-process bucket rather than a shared store (Redis and the like): the service is
self-hosted on one machine, usually one or two worker processes, and a rate limit here is a
guard against a runaway client, not a billing meter. Keeping the buckets in memory costs no
round trip on the hot path and needs nothing else installed. The price: each worker process
keeps its own buckets, so with N workers a key may reach up to N times the configured rate.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entitylist.api.errors import RateLimited, error_body


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


class BodySizeLimit:
    """Refuse request bodies over a limit with 413, before the app reads them.

    `limit_for(path, method)` gives the limit. A declared Content-Length over it is refused
    at once; a body sent without one is counted as it arrives and cut off at the limit.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"], scope["method"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not refused:
                    refused = True
                    await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counting_receive, guarded_send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        error_body(
            "payload_too_large",
            f"the request body is larger than this endpoint accepts ({limit:,} bytes)",
            {"limit_bytes": limit},
        )
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
