"""Legal forms are recognised across languages and neither make nor break a match."""

from __future__ import annotations

import pytest

from entitylist.matching import (
    DEFAULT_NORMALIZER,
    NameKind,
    TokenKind,
    compare_names,
    normalise_name,
)


@pytest.mark.parametrize(
    "variant",
    [
        "Inspur Taiwan Co., Ltd.",
        "INSPUR TAIWAN CO LTD",
        "Inspur (Taiwan) Company Limited",
        "Inspur Taiwan Limited",
        "Inspur Taiwan LLC",
        "Inspur Taiwan L.L.C.",
        "Inspur Taiwan GmbH",
    ],
)
def test_legal_form_variants_match_each_other(variant: str) -> None:
    assert compare_names(variant, "Inspur (Taiwan) Company Limited", entity_type="entity") >= 0.95


def test_legal_forms_are_canonicalised_in_many_languages() -> None:
    assert normalise_name("OOO Romashka") == normalise_name("Romashka LLC").replace(
        "romashka llc", "llc romashka"
    )
    assert normalise_name("ООО Ромашка") == "llc romashka"
    assert normalise_name("Siemens Aktiengesellschaft") == normalise_name("Siemens AG")
    assert normalise_name("华为技术有限公司").endswith("llc")


def test_legal_form_tokens_carry_almost_no_weight() -> None:
    form = DEFAULT_NORMALIZER("Acme Trading Company Limited", NameKind.ORGANISATION)
    kinds = dict(zip(form.tokens, form.kinds, strict=True))
    assert kinds["llc"] is TokenKind.LEGAL and kinds["company"] is TokenKind.LEGAL
    # a different legal form does not break a match, a shared one does not make one
    assert compare_names("Acme GmbH", "Acme S.A.", entity_type="entity") >= 0.95
    assert compare_names("Volkswagen AG", "Siemens AG", entity_type="entity") < 0.2


def test_short_legal_forms_inside_names_are_left_alone() -> None:
    # rigour knows AT and SAD as legal forms; here they are parts of the name
    assert normalise_name("AT&T Inc.").startswith("at and t")
    assert normalise_name("SA'D SABAWI") == "sad sabawi"


def test_persons_names_have_no_legal_forms() -> None:
    form = DEFAULT_NORMALIZER("Ag Limited", NameKind.PERSON)
    assert TokenKind.LEGAL not in form.kinds


def test_a_legal_form_is_only_taken_as_a_whole_word() -> None:
    # rigour reads `AŞ` as `as`; the `as` that begins `Aselsan` is not it
    assert normalise_name("ASELSAN Elektronik Sanayi ve Ticaret AŞ").startswith("aselsan ")
