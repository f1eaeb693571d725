"""Real published entries for the determination cases: the Consolidated Screening Lists of
2023-11-30 and 2026-07-31 parsed once, and a store holding both as dated snapshots."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from entitylist.model import Entry
from entitylist.settings import Settings, database_url
from entitylist.sources.csl import parse_file
from entitylist.store import Store
from entitylist.updates.lists import update_source
from vintages import sqlite_env  # noqa: F401  (fixture)

CSL_2023 = ("csl", "consolidated_2023-11-30.csv")
CSL_2026 = ("csl", "2026", "consolidated_2026-07-31.json")


def _parse(path: Path) -> list[Entry]:
    return parse_file(path.name, path.read_bytes()).entries


@pytest.fixture(scope="session")
def entries_2026(shared_data: Path) -> list[Entry]:
    return _parse(shared_data.joinpath(*CSL_2026))


@pytest.fixture(scope="session")
def entries_2023(shared_data: Path) -> list[Entry]:
    return _parse(shared_data.joinpath(*CSL_2023))


EntryFinder = Callable[..., Entry]


@pytest.fixture(scope="session")
def published(entries_2026: list[Entry], entries_2023: list[Entry]) -> EntryFinder:
    """The first real entry of `list_code` whose name is `name` (or whose licence text
    contains `requirement`), from the 2026 list, else the 2023 one."""

    def find(list_code: str, name: str | None = None, requirement: str | None = None) -> Entry:
        for e in [*entries_2026, *entries_2023]:
            if e.list_code != list_code or (name is not None and e.name != name):
                continue
            text = e.licence.requirement_text if e.licence else ""
            if requirement is None or requirement in text:
                return e
        raise LookupError(f"no {list_code} entry {name or requirement!r} in the real lists")

    return find


@pytest.fixture(scope="session")
def with_wording(published: EntryFinder) -> Callable[[str], Entry]:
    """A real EL entry carrying a licence requirement as published elsewhere (a wording of
    the vocabulary's examples that neither CSL file here carries), policy kept."""
    from entitylist.sources.licence import parse_licence

    base = published("EL", "Inspur Group Co., Ltd.")

    def make(requirement: str) -> Entry:
        assert base.licence is not None
        return replace(base, licence=parse_licence(requirement, base.licence.policy_text))

    return make


@pytest.fixture(scope="session")
def dated_settings(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Settings:
    """A SQLite store with the 2023 list (published 2023-11-30) and the 2026 list (published
    2026-07-31) as two snapshots of the CSL source."""
    root = tmp_path_factory.mktemp("determination")
    settings = Settings(db_url=database_url(str(root / "lists.sqlite")), data_dir=root)
    store = Store.open(settings.db_url)
    for parts, day in ((CSL_2023, datetime(2023, 11, 30, tzinfo=UTC)), (CSL_2026, None)):
        when = day or datetime(2026, 7, 31, 13, 15, tzinfo=UTC)
        update_source(
            store,
            settings,
            "csl",
            str(shared_data.joinpath(*parts)),
            published_at=when,
            accept_truncated=parts == CSL_2023,  # the 2023 export ends inside a quoted field
        )
    store.close()
    return settings


@pytest.fixture
def dated_store(dated_settings: Settings) -> Iterator[Store]:
    store = Store.open(dated_settings.db_url)
    yield store
    store.close()
