"""Delivering a monitoring report to a webhook: a JSON POST signed with HMAC-SHA256.

The receiver checks `X-Entitylist-Signature: sha256=<hex>`, the HMAC of
`<X-Entitylist-Timestamp>.<body>` under the shared secret (`verify_signature` does it), and
may reject stale timestamps to stop replays. Failures that may pass (connection errors,
timeouts, 408, 429, 5xx) are retried with exponential back-off; other 4xx are not (the
receiver said no, and will say it again). What to send, and when to send it again, is the
outbox's (`monitoring.outbox`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from entitylist.errors import EntitylistError, InputError

SIGNATURE_HEADER = "X-Entitylist-Signature"
TIMESTAMP_HEADER = "X-Entitylist-Timestamp"
EVENT_HEADER = "X-Entitylist-Event"
EVENT_ID_HEADER = "X-Entitylist-Event-Id"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


class DeliveryFailed(EntitylistError):
    code = "webhook_failed"
    status_code = 502


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """For receivers (and tests): whether `header` signs this body and timestamp."""
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def redact(url: str) -> str:
    """The URL without credentials or query (which often carry tokens), for the record."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class Delivery:
    url: str
    delivered: bool
    attempts: int
    status: int | None
    error: str | None
    body_sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": redact(self.url),
            "delivered": self.delivered,
            "attempts": self.attempts,
            "status": self.status,
            "error": self.error,
            "body_sha256": self.body_sha256,
        }


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def check_target(url: str, secret: str | None) -> None:
    """Refuse a webhook that cannot be delivered, before any work is done."""
    if not url.startswith(("http://", "https://")):
        raise InputError(f"webhook URL must be http(s)://, not {url!r}")
    if not secret:
        raise InputError(
            "a webhook needs a signing secret (--webhook-secret or $ENTITYLIST_WEBHOOK_SECRET)"
        )


def post(
    url: str,
    payload: dict[str, Any] | bytes,
    secret: str,
    *,
    event: str = "monitor.run",
    event_id: str | None = None,
    attempts: int = 5,
    backoff: float = 0.5,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST `payload` (or its encoded body) signed; retry with back-off (`backoff`, 2x, 4x,
    ... seconds). `event_id` travels as a header too, for receivers that de-duplicate."""
    check_target(url, secret)
    body = payload if isinstance(payload, bytes) else encode(payload)
    digest = hashlib.sha256(body).hexdigest()
    status: int | None = None
    error: str | None = None
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for attempt in range(1, attempts + 1):
            timestamp = str(int(datetime.now(UTC).timestamp()))
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "entitylist-monitor",
                EVENT_HEADER: event,
                **({EVENT_ID_HEADER: event_id} if event_id else {}),
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: sign(secret, timestamp, body),
            }
            wait = backoff * 2 ** (attempt - 1)
            try:
                response = client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                status, error = None, f"{exc.__class__.__name__}: {exc}"
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return Delivery(url, True, attempt, status, None, digest)
                error = f"HTTP {status}"
                if status not in RETRY_STATUSES:
                    return Delivery(url, False, attempt, status, error, digest)
                wait = max(wait, _retry_after(response))
            if attempt < attempts:
                sleep(wait)
    return Delivery(url, False, attempts, status, error, digest)


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return min(float(value), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0
