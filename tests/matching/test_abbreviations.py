"""Common abbreviations in organisation names are expanded from data."""

from __future__ import annotations

from entitylist.matching import compare_names, normalise_name


def test_abbreviations_expand_to_the_full_word() -> None:
    assert normalise_name("Intl Tech Mfg") == "international technology manufacturing"
    assert normalise_name("Int'l Elec. Univ.") == normalise_name(
        "International Electronic University"
    )


def test_abbreviated_and_full_names_match() -> None:
    listed = "China Electronics Technology Group Corporation"
    assert compare_names("China Elec Tech Grp Corp", listed, entity_type="entity") >= 0.95


def test_plural_and_singular_forms_are_one_word() -> None:
    assert normalise_name("Huawei Technologies") == normalise_name("Huawei Technology")
