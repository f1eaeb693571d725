"""API tests run against real `entitylist serve` processes, on SQLite and on PostgreSQL."""

from __future__ import annotations

from servers import backend, fresh_server, server  # noqa: F401  (fixtures)
