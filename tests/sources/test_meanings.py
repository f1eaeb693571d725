"""The list meanings are reviewed data: every list of the lists table has one, each with
citations of a recognised form, and each example case gives the outcome it states."""

from __future__ import annotations

import re

import pytest

from entitylist.list_titles import list_table
from entitylist.sources.meanings import load_meanings, meaning_of, meanings

CITATION = re.compile(
    r"^(15|22|31) CFR \d+\.\d+(\([a-z0-9]+\))*$|^\d+ FR \d+$|^Executive Order \d+$"
    r"|^Supplement No\. \d+ to Part \d+$"
)


def test_every_list_the_parsers_know_has_a_meaning():
    codes = {info.code for info in list_table().by_code.values()} | {"UN"}
    assert codes <= set(meanings().lists), codes - set(meanings().lists)


@pytest.mark.parametrize("code", sorted(meanings().lists))
def test_each_meaning_cites_its_rules(code):
    meaning = meaning_of(code)
    assert meaning is not None and meaning.citations
    for citation in meaning.citations:
        assert CITATION.match(citation), f"{code}: {citation!r} is not a citation"
    assert meaning.plain.endswith(".") and len(meaning.plain) < 260


def test_a_needs_classification_list_must_say_why():
    data = {"X": {**_minimal(), "effect": "needs_classification"}}
    with pytest.raises(ValueError, match="must say why"):
        load_meanings(data)


def test_an_unknown_effect_is_refused_with_its_list():
    with pytest.raises(ValueError, match="X: effect 'maybe'"):
        load_meanings({"X": {**_minimal(), "effect": "maybe"}})


def test_the_meaning_is_on_every_hit_summary():
    summary = meaning_of("CMIC").summary()  # type: ignore[union-attr]
    assert summary["effect"] == "no_export_licence"
    assert "securities" in summary["plain"]


def _minimal() -> dict[str, object]:
    return {
        "title": "t",
        "authority": "a",
        "regulation": "r",
        "effect": "prohibited",
        "rule": "denial",
        "prohibits": "p",
        "items": "i",
        "licence_exceptions": "none",
        "plain": "p.",
        "citations": ["15 CFR 744.11"],
        "example": {"case": "c", "outcome": "prohibited"},
    }
