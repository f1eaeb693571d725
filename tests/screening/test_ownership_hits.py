"""Ownership hits over real list entries: user ownership data (the owned companies and the
shares are the user's rows, not published facts) over real Entity List entries of the 2023
and 2026 CSL, screened as the lists and the rule stood on a day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.ownership.formats import read_ownership
from entitylist.screening import Party, Screener
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.store.ownership import OwnershipStore
from entitylist.updating import update_source

OWNERSHIP = """owner_name,owner_id,owned_name,owned_id,percent,as_of,owned_country
Chitron Electronics Company Ltd,,Lianhe Precision Instruments Co Ltd,U1,30,2024-01-01,CN
Chinese Academy of Engineering Physics,,Lianhe Precision Instruments Co Ltd,U1,25,2024-01-01,CN
"INSPUR GROUP CO., LTD.",,Inspur Holdings Ltd,U2,100,2024-01-01,CN
,U2,Example Cloud Co,U3,60,2024-01-01,CN
Chitron Electronics Company Ltd,,Minority Optics Co Ltd,U4,30,2024-01-01,CN
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Settings:
    root = tmp_path_factory.mktemp("ownership-hits")
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


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = Store.open(settings.db_url)
    yield store
    store.close()


def screen(store: Store, settings: Settings, name: str, on: str) -> dict[str, object]:
    when = datetime.fromisoformat(on).replace(hour=23, minute=59, tzinfo=UTC)
    result = Screener(store, settings, as_of=when).screen(Party(name=name, country="CN"))
    return result.to_dict()


def ownership_hits(result: dict[str, object]) -> list[dict[str, object]]:
    hits = result["hits"]
    assert isinstance(hits, list)
    return [h for h in hits if h["basis"] == "ownership"]


def test_two_listed_owners_add_up_to_55_percent_and_the_suspension_is_named(
    store: Store, settings: Settings
) -> None:
    (hit,) = ownership_hits(
        screen(store, settings, "Lianhe Precision Instruments Co Ltd", "2026-01-15")
    )
    assert hit["percent"] == 55.0
    assert sorted((p["root_name"], p["percent"]) for p in hit["paths"]) == [
        ("Chinese Academy of Engineering Physics", 25.0),
        ("Chitron Electronics Company Ltd", 30.0),
    ]
    assert hit["rule_status"]["state"] == "suspended"
    assert "suspended from 2025-11-10 to 2026-11-09 (90 FR 50857)" in hit["summary"]
    assert hit["alert"] is False  # shown for review while the rule is suspended


def test_after_the_suspension_the_hit_is_an_alert_in_force_per_the_data(
    store: Store, settings: Settings
) -> None:
    (hit,) = ownership_hits(
        screen(store, settings, "Lianhe Precision Instruments Co Ltd", "2026-11-20")
    )
    assert hit["percent"] == 55.0 and hit["alert"] is True
    assert hit["rule_status"]["state"] == "in_force"
    assert "the newest published 2025-11-12" in hit["summary"]
    assert hit["list"] == "EL"


def test_an_indirect_chain_is_explained(store: Store, settings: Settings) -> None:
    (hit,) = ownership_hits(screen(store, settings, "Example Cloud Co", "2026-11-20"))
    (path,) = hit["paths"]
    assert path["root_name"] == "Inspur Group Co., Ltd."  # the EL entry the owner matched
    assert "88 FR 13675" in path["citation"]
    assert path["text"].startswith(
        "60 % from INSPUR GROUP CO., LTD. through Inspur Holdings Ltd (100 % x 60 %)"
    )
    assert hit["summary"].startswith(
        "Example Cloud Co is 60 % owned by Inspur Group Co., Ltd. (EL, 88 FR 13675)"
    )


def test_the_lists_of_the_day_decide_which_owners_are_listed(
    store: Store, settings: Settings
) -> None:
    # Inspur Group was not in the 2023-11-30 CSL extract in force on 2026-01-15.
    assert ownership_hits(screen(store, settings, "Example Cloud Co", "2026-01-15")) == []


def test_a_minority_holding_is_no_ownership_hit(store: Store, settings: Settings) -> None:
    assert ownership_hits(screen(store, settings, "Minority Optics Co Ltd", "2026-11-20")) == []


def test_screen_json_carries_basis_percent_and_paths(settings: Settings) -> None:
    done = CliRunner().invoke(
        app,
        [
            "--db",
            settings.db_url,
            "screen",
            "Lianhe Precision Instruments Co Ltd",
            "--as-of",
            "2026-01-15",
            "--json",
        ],
        env={"ENTITYLIST_DATA_DIR": str(settings.data_dir)},
    )
    assert done.exit_code == 0, done.stdout
    (hit,) = [h for h in json.loads(done.stdout)["hits"] if h["basis"] == "ownership"]
    assert hit["percent"] == 55.0 and len(hit["paths"]) == 2
