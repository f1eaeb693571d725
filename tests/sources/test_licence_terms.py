"""Entity List licence text read beyond scope and policy: footnotes, FDP paragraphs, terms."""

from __future__ import annotations

import pytest

from entitylist.sources.licence_terms import read_terms, term_rules

ALL = "For all items subject to the EAR"
ALL_CAPS = "For All Items Subject to the EAR"


@pytest.mark.parametrize(
    ("text", "footnotes", "fdp"),
    [
        (
            ALL + ". (See §§ 734.9(e)(2) and 744.11 of the EAR)4",
            (4,),
            ("15 CFR 734.9(e)(2)",),
        ),
        (
            ALL + ". (See §§ 734.9(e)(2) and 744.11 of the EAR) 4",
            (4,),
            ("15 CFR 734.9(e)(2)",),
        ),
        (
            ALL_CAPS + " (See §734.9(e), and 744.11 of the EAR)4.",
            (4,),
            ("15 CFR 734.9(e)(2)",),
        ),
        (
            ALL + ", see §§ 734.9(e)1 and 744.11 of the EAR2",
            (1, 2),
            ("15 CFR 734.9(e)(1)",),
        ),
        (
            ALL + ", see §§ 734.9(e) 1 and 744.11 of the EAR 2",
            (1, 2),
            ("15 CFR 734.9(e)(1)",),
        ),
        (
            ALL_CAPS + " (See §734.9(g), 3 §746.8(a)(3), and §744.21(b) of the EAR).",
            (3,),
            ("15 CFR 734.9(g)",),
        ),
        (
            ALL + ". (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)",
            (3,),
            ("15 CFR 734.9(g)",),
        ),
        (
            ALL + " (See §§734.9(g)3, 746.8(a)(3), and 744.2l(b) of the EAR)",
            (3,),
            ("15 CFR 734.9(g)",),
        ),
        (
            ALL + " (See §§734.4(a)(9), 734.9(e)(3), and 744.11 of the EAR)5",
            (5,),
            ("15 CFR 734.9(e)(3)",),
        ),
        (ALL + ". (See §744.11 of the EAR)", (), ()),
        (
            ALL + " (See §§ 734.9(g), 746.8(a)(3), and 744.21(b) of the EAR)",
            (),
            ("15 CFR 734.9(g)",),
        ),
    ],
)
def test_footnotes_and_fdp_paragraphs_as_printed(text, footnotes, fdp):
    terms = read_terms(text)
    assert terms.footnotes == footnotes
    assert terms.fdp_paragraphs == fdp
    assert terms.unknown_footnotes == ()


def test_a_footnote_number_not_in_the_table_is_reported():
    assert read_terms(ALL + " (See §§ 734.9(e) and 744.11 of the EAR)7").unknown_footnotes == (7,)


@pytest.mark.parametrize("rule", term_rules().terms, ids=lambda t: t.term)
def test_every_term_matches_its_examples(rule):
    assert rule.examples, f"{rule.term}: no example"
    for example in rule.examples:
        terms = read_terms("", example) if rule.in_policy else read_terms(example)
        assert rule.term in terms.terms, (rule.term, example)


def test_every_footnote_has_its_rule():
    footnotes = term_rules().footnotes
    assert sorted(footnotes) == [1, 2, 3, 4, 5]
    assert {n: f.fdp for n, f in footnotes.items() if f.fdp} == {
        1: "15 CFR 734.9(e)(1)",
        3: "15 CFR 734.9(g)",
        4: "15 CFR 734.9(e)(2)",
        5: "15 CFR 734.9(e)(3)",
    }
