"""A SQLite store with the 2023 CSL loaded once per session (screening is store-agnostic;
the store's own tests cover PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updating import update_source


@pytest.fixture(scope="session")
def csl_settings(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Settings:
    root = tmp_path_factory.mktemp("csl-store")
    settings = Settings(db_url=database_url(str(root / "el.sqlite")), data_dir=root)
    store = Store.open(settings.db_url)
    csl = shared_data / "csl" / "consolidated_2023-11-30.csv"
    update_source(store, settings, "csl", str(csl), accept_truncated=True)  # cut as published
    store.close()
    return settings


@pytest.fixture
def csl_store(csl_settings: Settings) -> Iterator[Store]:
    store = Store.open(csl_settings.db_url)
    yield store
    store.close()
