"""Normalisation: one pure function for listed names and queries alike."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from entitylist.matching import DEFAULT_NORMALIZER, NameKind, TokenKind, normalise_name


def kinds(text: str, kind: NameKind = NameKind.UNKNOWN) -> dict[str, TokenKind]:
    form = DEFAULT_NORMALIZER(text, kind)
    return dict(zip(form.tokens, form.kinds, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalisation_never_raises_on_any_unicode_text(text: str) -> None:
    for kind in NameKind:
        DEFAULT_NORMALIZER(text, kind)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P", "Z"])))
def test_normalised_names_are_lower_case_ascii_tokens(text: str) -> None:
    out = normalise_name(text)
    assert out == out.strip()
    assert "  " not in out
    assert all(t.isalnum() and t.isascii() and t == t.lower() for t in out.split())


def test_case_width_and_diacritics_fold_away() -> None:
    assert normalise_name("ＳＯＣＩÉＴÉ Générale") == normalise_name("societe generale")
    assert normalise_name("Müller") == "muller"


def test_punctuation_hyphens_and_spacing_separate_tokens() -> None:
    assert normalise_name("  Jean-Marie   LE-PEN ") == "jean marie le pen"
    assert normalise_name("Coca-Cola") == normalise_name("Coca Cola")


def test_apostrophes_join_the_letters_around_them() -> None:
    assert normalise_name("Al Qa'ida") == normalise_name("Al Qa’ida") == "al qaida"
    assert normalise_name("Mus?ab") == "musab"


def test_dotted_letters_are_a_companys_word_and_a_persons_initials() -> None:
    assert normalise_name("A.B.C. Aviation") == "abc aviation"
    assert normalise_name("J.P. Morgan") == "jp morgan"
    person = DEFAULT_NORMALIZER("BYSTROV, M.I.", NameKind.PERSON)
    assert person.tokens == ("bystrov", "m", "i")
    assert person.kinds[1:] == (TokenKind.INITIAL, TokenKind.INITIAL)


def test_ampersand_reads_and() -> None:
    assert normalise_name("Procter & Gamble") == normalise_name("Procter and Gamble")


def test_repeated_tokens_are_kept_once() -> None:
    assert normalise_name("Sergey Sergey Shoigu") == "sergey shoigu"


def test_leading_titles_are_marked_not_dropped() -> None:
    form = kinds("Dr. Rami Makhlouf", NameKind.PERSON)
    assert form == {"dr": TokenKind.TITLE, "rami": TokenKind.NAME, "makhlouf": TokenKind.NAME}
    assert kinds("General Motors")["general"] is TokenKind.NAME


def test_single_letters_of_a_person_are_initials() -> None:
    assert kinds("V. Putin", NameKind.PERSON)["v"] is TokenKind.INITIAL
    assert kinds("A. Nazarbayev")["a"] is TokenKind.INITIAL
