"""Importers read the real published ownership samples, with their counts; bad files are
refused with the file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entitylist.errors import InputError
from entitylist.ownership import OwnershipImport, ShareKind, parse_share
from entitylist.ownership.formats import detect_format, read_ownership


def test_gleif_relationship_records_import_with_their_counts(ownership_data: Path) -> None:
    data = read_ownership(ownership_data / "gleif" / "rr-data.xml")
    assert data.format == "gleif"
    assert len(data.links) == 10  # the file's 10 RelationshipRecords
    kinds = {link.relationship for link in data.links}
    assert kinds == {
        "IS_DIRECTLY_CONSOLIDATED_BY",
        "IS_ULTIMATELY_CONSOLIDATED_BY",
        "IS_FUND-MANAGED_BY",
        "IS_SUBFUND_OF",
    }
    # The StartNode is the child: the fund 001GPB6A9XPE8XJICC14 is managed by 5493001Z012...
    managed = [link for link in data.links if link.owned == "LEI:001GPB6A9XPE8XJICC14"]
    assert {link.owner for link in managed} == {
        "LEI:5493001Z012YSB2A0K51",
        "LEI:C7J4FOV6ELAVE39B7M82",
    }


def test_gleif_consolidation_is_a_relationship_not_a_percentage(ownership_data: Path) -> None:
    data = read_ownership(ownership_data / "gleif" / "rr-updates-data2.xml")
    assert len(data.links) == 11
    consolidation = [link for link in data.links if link.kind is ShareKind.CONSOLIDATION]
    assert len(consolidation) == 7
    assert all(link.share_low is None and not link.counted for link in data.links)
    assert any("accounting consolidation" in note for note in data.notes)


def test_gleif_lei_records_name_the_parties(ownership_data: Path) -> None:
    data = read_ownership(ownership_data / "gleif" / "lei-data.xml")
    assert data.links == []
    fund = data.parties["LEI:001GPB6A9XPE8XJICC14"]
    assert fund.name == "Fidelity Advisor Leveraged Company Stock Fund"
    assert fund.country == "US"


def test_bods_statements_import_with_their_counts(ownership_data: Path) -> None:
    data = read_ownership(ownership_data / "bods" / "rr-data-out.json")
    assert data.format == "bods"
    assert data.rows_read == 10 and len(data.links) == 10
    assert all(link.kind is ShareKind.OTHER and link.share_low is None for link in data.links)
    updates = read_ownership(ownership_data / "bods" / "rr-updates-data2-out.json")
    assert len(updates.links) == 11
    assert {link.relationship for link in updates.links} >= {
        "LEI RelationshipType: IS_DIRECTLY_CONSOLIDATED_BY",
        "LEI RelationshipType: IS_FUND-MANAGED_BY",
    }


def test_bods_entity_statements_key_parties_by_lei(ownership_data: Path) -> None:
    data = read_ownership(ownership_data / "bods" / "lei-data-out.json")
    assert len(data.parties) == 5
    fund = data.parties["LEI:001GPB6A9XPE8XJICC14"]
    assert fund.name == "Fidelity Advisor Leveraged Company Stock Fund"
    assert fund.country == "US"


def test_the_prc_registry_graph_imports_its_shareholdings(prc_graph: OwnershipImport) -> None:
    assert len(prc_graph.parties) == 93 and prc_graph.rows_read == 117
    assert len(prc_graph.links) == 37  # the shareholder_of edges
    shares = sorted(link.share_low for link in prc_graph.links if link.share_low is not None)
    assert len(shares) == 19
    assert 55.24 in shares and 44.76 in shares and 65.0 in shares


def test_csv_reads_exact_shares_and_bands(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text(
        "owner_name,owner_id,owned_name,owned_id,percent,as_of\n"
        "Parent Co,P1,Child Co,C1,60,2025-01-01\n"
        "Other Co,,Child Co,C1,50-75,2025-06-30\n",
        encoding="utf-8",
    )
    data = read_ownership(path)
    assert [(link.owner, link.share_low, link.share_high) for link in data.links] == [
        ("id:P1", 60.0, 60.0),
        ("name:other co", 50.0, 75.0),
    ]
    assert data.parties["id:C1"].name == "Child Co"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("A,,B,,sixty,2025-01-01", "line 2, field percent: 'sixty' is not a percent"),
        ("A,,B,,120,2025-01-01", "line 2, field percent: '120' is outside 0-100"),
        ("A,,B,,60,01/02/2025", "line 2, field as_of: '01/02/2025' is not a date"),
        (",,B,,60,2025-01-01", "line 2, field owner_name: a owner needs a name or an id"),
    ],
)
def test_a_bad_csv_row_names_its_line_and_field(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "owner_name,owner_id,owned_name,owned_id,percent,as_of\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        read_ownership(path)


def test_a_csv_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("owner,owned\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: missing column"):
        read_ownership(path)


def test_ftm_ownership_entities_become_links(tmp_path: Path) -> None:
    lines = [
        {
            "id": "c1",
            "schema": "Company",
            "properties": {"name": ["Parent Co"], "leiCode": ["001GPB6A9XPE8XJICC14"]},
        },
        {"id": "c2", "schema": "Company", "properties": {"name": ["Child Co"], "country": ["cn"]}},
        {
            "id": "o1",
            "schema": "Ownership",
            "properties": {"owner": ["c1"], "asset": ["c2"], "percentage": ["60"]},
        },
    ]
    path = tmp_path / "ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    assert detect_format(path) == "ftm"
    data = read_ownership(path)
    assert [(link.owner, link.owned, link.share_low) for link in data.links] == [("c1", "c2", 60.0)]
    assert data.parties["c2"].country == "CN"
    assert data.parties["c1"].identifiers == ("LEI:001GPB6A9XPE8XJICC14",)


def test_share_text_reads_exact_bands_and_unknowns() -> None:
    assert parse_share("50-75", where="x") == (50.0, 75.0)
    assert parse_share("60 %", where="x") == (60.0, 60.0)
    assert parse_share("", where="x") == (None, None)
