"""The real CSL of 2026-07-31 (JSON layout, rebuilt without ids, start dates or streets):
every row read, keyed by list and name, and the rules of 25 March 2025 in it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from entitylist.model import Entry, LicenceScope, ParseResult, ReviewPolicy
from entitylist.sources.csl import CslSource

JSON_2026 = Path("csl") / "2026" / "consolidated_2026-07-31.json"

INSPUR_SUBSIDIARIES = {
    "Inspur (Beijing) Electronic Information Industry Co., Ltd.",
    "Inspur Electronic Information Industry Co., Ltd.",
    "Inspur Electronic Information (Hong Kong) Co., Ltd.",
    "Inspur (HK) Electronics Co., Ltd.",
    "Inspur Software Co., Ltd.",
    "Inspur Taiwan",
}


@pytest.fixture(scope="module")
def csl_2026(shared_data: Path) -> ParseResult:
    source = CslSource()
    return source.parse(source.fetch(str(shared_data / JSON_2026)))


def cites(entry: Entry, volume: int, first: int, last: int) -> bool:
    """The entry cites a page of the rule printed at volume FR first..last."""
    return any(
        c.volume == volume and c.page is not None and first <= c.page <= last
        for c in entry.citations
    )


def test_every_row_becomes_an_entry(csl_2026: ParseResult) -> None:
    assert csl_2026.rows_read == 25_921
    assert len(csl_2026.entries) == 25_921
    assert csl_2026.skipped == []
    counts = Counter(e.list_code for e in csl_2026.entries)
    assert counts["SDN"] == 19_181
    assert counts["EL"] == 3_420
    assert counts["DPL"] == 1_596
    assert counts["DTC"] == 787


def test_entries_without_a_published_id_are_keyed_by_list_and_name(
    csl_2026: ParseResult,
) -> None:
    (taiwan,) = [e for e in csl_2026.entries if e.name == "Inspur Taiwan"]
    assert taiwan.key == "EL:n:inspur-taiwan"
    assert taiwan.source_id == taiwan.key and taiwan.derived_id
    assert len({e.source_id for e in csl_2026.entries}) == 25_921
    # Three Dart Aviation rows (one per address set) stay apart, without content hashes.
    darts = sorted(e.key for e in csl_2026.entries if e.name == "Dart Aviation")
    assert len(darts) == 3 and all(k.startswith("EL:n:dart-aviation~") for k in darts)


def test_the_same_file_gives_the_same_keys(csl_2026: ParseResult, shared_data: Path) -> None:
    source = CslSource()
    again = source.parse(source.fetch(str(shared_data / JSON_2026)))
    assert [e.source_id for e in again.entries] == [e.source_id for e in csl_2026.entries]


def test_every_entity_list_row_has_a_licence(csl_2026: ParseResult) -> None:
    el = [e for e in csl_2026.entries if e.list_code == "EL"]
    assert all(e.licence is not None for e in el)
    scopes = Counter(e.licence.scope for e in el if e.licence)
    policies = Counter(e.licence.policy for e in el if e.licence)
    assert scopes[LicenceScope.ALL_ITEMS] > 3_000
    assert policies[ReviewPolicy.PRESUMPTION_OF_DENIAL] > 2_000


def test_the_rules_of_25_march_2025(csl_2026: ParseResult) -> None:
    """The seed's event: 90 FR 14032 (2025-05426) and 90 FR 14046 (2025-05427)."""
    el = [e for e in csl_2026.entries if e.list_code == "EL"]
    first = [e for e in el if cites(e, 90, 14032, 14045)]
    second = [e for e in el if cites(e, 90, 14046, 14060)]
    assert len(first) == 70
    pages = Counter(c.page for e in first for c in e.citations if c.volume == 90)
    assert (pages[14032], pages[14035]) == (67, 3)  # the first page, or the page of the entry
    assert Counter(e.countries[0] for e in first) == {"CN": 42, "PK": 19, "AE": 5, "ZA": 3, "HK": 1}
    assert len(second) == 17
    assert {e.name for e in second} >= INSPUR_SUBSIDIARIES
    # The rule also revised entries listed before: three Dart Aviation rows cite it.
    darts = [e for e in second if e.name == "Dart Aviation"]
    assert len(darts) == 3
    (group,) = [e for e in el if e.name.startswith("Inspur Group")]
    assert [c.text for c in group.citations] == ["88 FR 13675"]
