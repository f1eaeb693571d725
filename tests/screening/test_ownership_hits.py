"""Ownership hits over real list entries: user ownership data (the owned companies and the
shares are the user's rows, not published facts) over real Entity List entries of the 2023
and 2026 CSL, screened as the lists and the rule stood on a day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.screening import Party, Screener
from entitylist.settings import Settings
from entitylist.store import Store


@pytest.fixture(scope="module")
def settings(affiliates_settings: Settings) -> Settings:
    return affiliates_settings


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


def test_an_sdn_owner_is_reported_for_classification_never_as_an_alert(
    store: Store, settings: Settings
) -> None:
    # Only SDNs of the programs in 15 CFR 744.8(a)(1) count (the rule data says so and
    # does not encode the programs): 60 % from an SDN is a case to classify, in force or not.
    (hit,) = ownership_hits(
        screen(store, settings, "Golden Lotus Travel Services Co Ltd", "2026-11-20")
    )
    assert hit["list"] == "SDN" and hit["percent"] == 60.0
    assert hit["alert"] is False and hit["rule_status"]["state"] == "in_force"
    assert "744.8(a)(1)" in hit["needs_classification"]
    assert "needs classification: SDN owner" in hit["summary"]


def test_an_sdn_share_needed_to_reach_50_percent_leaves_the_case_to_classify(
    store: Store, settings: Settings
) -> None:
    (hit,) = ownership_hits(screen(store, settings, "Mekong Valley Trading Co Ltd", "2026-11-20"))
    assert hit["percent"] == 55.0 and hit["alert"] is False
    assert hit["needs_classification"]


def test_listed_owners_that_reach_50_percent_alone_decide_despite_an_sdn_share(
    store: Store, settings: Settings
) -> None:
    (hit,) = ownership_hits(screen(store, settings, "Northern Star Optics Co Ltd", "2026-11-20"))
    assert hit["percent"] == 70.0 and hit["alert"] is True
    assert hit["needs_classification"] is None and hit["list"] == "EL"
