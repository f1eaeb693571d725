"""Fixtures for monitoring tests: a store with its settings (see monitoring_helpers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from monitoring_helpers import Env

from entitylist.settings import Settings, database_url
from entitylist.store import Store


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> Iterator[Env]:
    """A fresh store on SQLite, then PostgreSQL, with settings pointing at it."""
    settings = Settings(db_url=database_url(db_url), data_dir=tmp_path / "data")
    store = Store.open(settings.db_url)
    try:
        yield Env(store, settings)
    finally:
        store.close()


@pytest.fixture
def sqlite_env(tmp_path: Path) -> Iterator[Env]:
    settings = Settings(db_url=database_url(str(tmp_path / "m.sqlite")),
                        data_dir=tmp_path / "data")
    store = Store.open(settings.db_url)
    try:
        yield Env(store, settings)
    finally:
        store.close()
