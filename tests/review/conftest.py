"""Fixtures for the review workflow: stores with settings on SQLite and PostgreSQL."""

from vintages import env, sqlite_env  # noqa: F401  (fixtures)
