"""Fixtures for store tests: a store with its settings (see tests/vintages.py)."""

from vintages import env, sqlite_env  # noqa: F401  (fixtures)
