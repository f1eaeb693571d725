"""Common abbreviations in organisation names are expanded from data."""

from __future__ import annotations

from entitylist.matching import NameKind, compare_names, normalise_name, token_similarity


def test_abbreviations_expand_to_the_full_word() -> None:
    assert normalise_name("Intl Tech Mfg") == "international technology manufacturing"
    assert normalise_name("Int'l Elec. Univ.") == normalise_name(
        "International Electronics University"
    )


def test_abbreviated_and_full_names_match() -> None:
    listed = "China Electronics Technology Group Corporation"
    assert compare_names("China Elec Tech Grp Corp", listed, entity_type="entity") >= 0.95


def test_plural_and_singular_forms_are_near_equal() -> None:
    assert token_similarity("technologies", "technology") >= 0.95
    assert token_similarity("industries", "industry") >= 0.95
    # a typo in a plural stays close to the plural
    assert token_similarity("industrizes", "industries") >= 0.9


def test_abbreviations_are_not_applied_to_persons() -> None:
    assert normalise_name("Dev Patel", NameKind.PERSON) == "dev patel"
    assert normalise_name("Acme Dev Corp") == "acme development corp"
