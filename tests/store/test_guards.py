"""Fail-closed checks, as pure functions, and a refused download in the store (real lists)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from entitylist.errors import UpdateRefused
from entitylist.model import Entry, ParseResult
from entitylist.sources.base import Bundle, CountBounds
from entitylist.sources.bis_dpl import DplSource
from entitylist.sources.ofac import OfacSdnSource
from entitylist.store.guards import check_files, check_update
from vintages import Env

DPL = DplSource()
SDN = OfacSdnSource()


def parsed(n: int) -> ParseResult:
    return ParseResult(
        entries=[
            Entry(list_code="EL", source_id=str(i), key=f"EL:{i}", name=f"P{i}") for i in range(n)
        ],
        rows_read=n,
    )


def check(n: int, previous: int | None, *, force: bool = False, min_entries: int = 1) -> None:
    check_update(
        "csl",
        parsed(n),
        CountBounds(min_entries=min_entries),
        previous,
        max_shrink=0.2,
        max_skipped_fraction=0.05,
        force=force,
    )


def test_a_list_may_shrink_up_to_the_bound() -> None:
    check(80, 100)


def test_a_list_that_shrinks_past_the_bound_is_refused_unless_forced() -> None:
    with pytest.raises(UpdateRefused, match=r"from 100 to 79 entries \(21%\).*--force"):
        check(79, 100)
    check(79, 100, force=True)


def test_a_list_below_its_declared_minimum_is_truncated() -> None:
    with pytest.raises(UpdateRefused, match="looks truncated"):
        check(40, None, min_entries=50, force=True)


def test_growth_is_always_accepted() -> None:
    check(1000, 10)


def folder_bundle(folder: Path, rename: Callable[[str], str] = str) -> Bundle:
    """A published OFAC set as the fetch layer hands it over: its files by name."""
    files = {rename(p.name): p.read_bytes() for p in sorted(folder.iterdir())}
    return Bundle(files=files, origin=str(folder))


def test_a_set_lacking_a_required_file_is_refused_naming_it(shared_data: Path) -> None:
    # OFAC stopped publishing sdn.csv in 2025; the folder holds the other three files.
    bundle = folder_bundle(shared_data / "ofac_sdn" / "2025-01_no_sdn_csv")
    with pytest.raises(UpdateRefused, match=r"ofac: the download lacks sdn\.csv,") as refused:
        check_files("ofac", bundle, SDN.bounds)
    assert "the current list stays" in refused.value.message
    assert refused.value.details["missing"] == ["sdn.csv"]
    assert refused.value.details["files"] == ["add.csv", "alt.csv", "sdn_comments.csv"]


def test_required_files_are_found_whatever_their_case(shared_data: Path) -> None:
    complete = shared_data / "ofac_sdn" / "2019-01_complete"
    check_files("ofac", folder_bundle(complete), SDN.bounds)
    check_files("ofac", folder_bundle(complete, str.upper), SDN.bounds)  # SDN.CSV, ADD.CSV


def test_a_download_without_its_file_leaves_the_list_in_force(
    sqlite_env: Env, shared_data: Path
) -> None:
    in_force = sqlite_env.load("dpl", shared_data / "bis_dpl" / "dpl_2019-06-29.txt", "2019-06-29")
    later = shared_data / "bis_dpl" / "dpl_2022-09-07.txt"
    # The bytes are a real, readable DPL, but not under the file name the source publishes.
    bundle = Bundle(files={later.name: later.read_bytes()}, origin=str(later))
    result = DPL.parse(bundle)
    assert len(result.entries) > DPL.bounds.min_entries  # readable: only the file is wrong
    with pytest.raises(UpdateRefused, match=r"dpl: the download lacks dpl\.txt,"):
        sqlite_env.store.apply_update(
            "dpl", bundle, result, DPL.bounds, max_shrink=0.2, max_skipped_fraction=0.05
        )
    assert sqlite_env.store.current()["dpl"].id == in_force.snapshot.id
    refused = sqlite_env.store.attempts("dpl")[-1]
    assert refused["outcome"] == "refused" and "lacks dpl.txt" in refused["reason"]
