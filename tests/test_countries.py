"""The one check of a country a person typed, which every face uses."""

from __future__ import annotations

import pytest

from entitylist.countries import country_code
from entitylist.errors import InputError


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("CN", "CN"),
        ("cn", "CN"),
        ("China", "CN"),
        (" Korea, North ", "KP"),
        ("", None),
        (None, None),
    ],
)
def test_a_name_or_a_code_gives_the_iso_code_and_nothing_typed_gives_none(
    typed: str | None, code: str | None
) -> None:
    assert country_code(typed) == code


def test_an_unknown_country_is_refused_naming_the_field_and_what_was_typed() -> None:
    with pytest.raises(InputError) as refused:
        country_code("Atlantis", field="destination")
    assert "destination 'Atlantis' is not a country we know" in refused.value.message
    assert refused.value.details == {"field": "destination"}
