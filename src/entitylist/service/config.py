"""The service's own settings (limits, refresh, sessions), beside the library's `Settings`.

Built once by the app factory's caller: `entitylist serve` from its options, tests
directly, and `ApiConfig.from_env` for worker processes that uvicorn starts by import string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

ENV_PREFIX = "ENTITYLIST_API_"


@dataclass(frozen=True)
class ApiConfig:
    rate_per_second: float = 50.0
    """Sustained requests per second allowed per API key (0 turns rate limiting off)."""
    rate_burst: int = 100
    """Requests a key may make at once before the sustained rate applies."""
    max_body_bytes: int = 1_048_576
    """Largest JSON request body (1 MiB: a batch of 1,000 parties fits with room)."""
    max_upload_bytes: int = 104_857_600
    """Largest uploaded file (list updates, batch files): 100 MiB."""
    max_batch: int = 1000
    """Most parties in one `POST /v1/screen/batch`."""
    refresh_seconds: float = 1.0
    """How often each process checks for a new snapshot and swaps in its index."""
    session_hours: float = 8.0
    """How long a web login lasts."""
    login_failures_per_client: int = 20
    """Failed web logins from one client address within 15 minutes before that address is
    throttled (each username has its own limit of 5). Behind a proxy that hides client
    addresses every user shares one address: raise it there."""
    secure_cookies: bool = False
    """Mark the session cookie Secure (set when serving over HTTPS)."""
    batch_workers: int = 2
    """Background threads running web batch jobs in each process."""
    batch_job_seconds: float = 1800.0
    """Longest a web batch job may run before it is stopped and marked failed."""

    stale_days: float = 7.0
    """`/v1/health` says `stale` when a list in force was published longer ago than this
    (the CSL is republished every working day: a week without one means updates stopped)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> ApiConfig:
        """`ENTITYLIST_API_<FIELD>` overrides each field (e.g. ENTITYLIST_API_RATE_PER_SECOND)."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            kind = type(getattr(cls, f.name))
            if kind is bool:
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                values[f.name] = kind(raw)
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        return {ENV_PREFIX + f.name.upper(): str(getattr(self, f.name)) for f in fields(self)}
