"""The list table: which list a CSL `source` cell names, and the titles the faces show."""

import pytest

from entitylist.list_titles import list_table, load_list_table

EL_SOURCE = "Entity List (EL) - Bureau of Industry and Security"


def test_a_source_cell_resolves_to_its_list_by_its_parenthesised_code() -> None:
    table = list_table()
    for source, code in [
        (EL_SOURCE, "EL"),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "MBS"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "MEU"),
        ("Capta List (CAP) - Treasury Department", "CAP"),
        ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury", "CMIC"),
        ("EL", "EL"),
    ]:
        info = table.resolve(source)
        assert info is not None and info.code == code and info.declared, source
    assert table.resolve("no code here") is None
    with pytest.raises(ValueError, match="needs 'codes'"):
        load_list_table({"XX": {"title": "no codes"}})
