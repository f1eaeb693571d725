"""A SQLite store with the 2023 CSL loaded once per session (screening is store-agnostic;
the store's own tests cover PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from entitylist.ownership.formats import read_ownership
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore
from entitylist.updates.lists import update_source


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


# User ownership rows (the owned companies and the shares are the user's data, not published
# facts) over real Entity List entries of the 2023 and 2026 CSL, and one real SDN entity.
OWNERSHIP = """owner_name,owner_id,owned_name,owned_id,percent,as_of,owned_country
Chitron Electronics Company Ltd,,Lianhe Precision Instruments Co Ltd,U1,30,2024-01-01,CN
Chinese Academy of Engineering Physics,,Lianhe Precision Instruments Co Ltd,U1,25,2024-01-01,CN
"INSPUR GROUP CO., LTD.",,Inspur Holdings Ltd,U2,100,2024-01-01,CN
,U2,Example Cloud Co,U3,60,2024-01-01,CN
Chitron Electronics Company Ltd,,Minority Optics Co Ltd,U4,30,2024-01-01,CN
"DEHONG THAILONG HOTEL CO., LTD.",,Golden Lotus Travel Services Co Ltd,U5,60,2024-01-01,CN
Chitron Electronics Company Ltd,,Mekong Valley Trading Co Ltd,U6,30,2024-01-01,CN
"DEHONG THAILONG HOTEL CO., LTD.",,Mekong Valley Trading Co Ltd,U6,25,2024-01-01,CN
Chitron Electronics Company Ltd,,Northern Star Optics Co Ltd,U7,60,2024-01-01,CN
"DEHONG THAILONG HOTEL CO., LTD.",,Northern Star Optics Co Ltd,U7,10,2024-01-01,CN
"""


@pytest.fixture(scope="session")
def affiliates_settings(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Settings:
    """The 2023 and the 2026 CSL (published on their dates) and `OWNERSHIP`."""
    root = tmp_path_factory.mktemp("affiliates")
    settings = Settings(db_url=database_url(str(root / "el.sqlite")), data_dir=root)
    store = Store.open(settings.db_url)
    csl = shared_data / "csl"
    update_source(
        store,
        settings,
        "csl",
        str(csl / "consolidated_2023-11-30.csv"),
        published_at=datetime(2023, 11, 30, tzinfo=UTC),
        accept_truncated=True,  # the 2023 export ends inside a quoted field as published
    )
    update_source(
        store,
        settings,
        "csl",
        str(csl / "2026" / "consolidated_2026-07-31.json"),
        published_at=datetime(2026, 7, 31, tzinfo=UTC),
    )
    path = root / "ownership.csv"
    path.write_text(OWNERSHIP, encoding="utf-8")
    OwnershipStore(store.engine).add("user", str(path), read_ownership(path))
    store.close()
    return settings
