"""Fixtures for the audit tests that need a real server (both databases)."""

from servers import backend, server  # noqa: F401  (fixtures)
