"""Entity List licence wording -> scope and review policy: every published spelling, reviewed."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.model import Licence, LicenceScope, ReviewPolicy
from entitylist.sources.csl import CslSource
from entitylist.sources.licence import (
    classify_policy,
    classify_scope,
    load_vocabulary,
    normalise,
    parse_licence,
    vocabulary,
)

ALL = LicenceScope.ALL_ITEMS
SPECIFIC = LicenceScope.SPECIFIC_ITEMS
EXCEPT_FOOD = LicenceScope.ALL_EXCEPT_EAR99_FOOD_MEDICINE
DENIAL = ReviewPolicy.PRESUMPTION_OF_DENIAL
POLICY_DENIAL = ReviewPolicy.POLICY_OF_DENIAL
CASE = ReviewPolicy.CASE_BY_CASE
APPROVAL = ReviewPolicy.PRESUMPTION_OF_APPROVAL
OTHER_POLICY = ReviewPolicy.OTHER

OFAC_GL11 = (
    "For all items subject to the EAR (See §744.11 of the EAR), apart from items that are "
    "related to transactions that are authorized by the Department of the Treasury's Office "
    "of Foreign Assets Control pursuant to General License No. 11 of December 20, 2016. "
    'Russia does not include the "Crimea region of Ukraine," as that term is defined in '
    "section 8(d) of E.O. 13685."
)
OFAC_GL1B = (
    "All items subject to the EAR, apart from items that are related to transactions that are "
    "authorized by the Department of the Treasury’s Office of Foreign Assets Control pursuant "
    "to General License No. 1B of March 2, 2021.  (See §§ 734.9(g),3 746.8(a)(3), and "
    "744.21(b) of the EAR)  "
)
RUSSIA_SECTIONS = "(See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)"
RUSSIA_PROJECTS = (
    "For all items subject to the EAR when used in projects specified in §746.5 of the EAR"
)

# Every distinct license_requirement of the EL and MEU rows in the 2023 CSL (and the 2019 and
# 2025 files), with its reviewed scope.
REQUIREMENTS: list[tuple[str, LicenceScope]] = [
    ("For all items subject to the EAR. (See §744.11 of the EAR).", ALL),
    ("For all items subject to the EAR.  (See §744.11 of the EAR)", ALL),
    ("For all items subject to the EAR (See §744.11 of the EAR)", ALL),
    ("For all items subject to the EAR (See §744.11 of the EAR). ", ALL),
    ("For all items subject to the EAR", ALL),
    ("For all items subject to the EAR.  (See §744.11 of the EAR).", ALL),
    ("For all items subject to the EAR.", ALL),
    ("For all items subject to the EAR. (See §744.11 of the EAR.)", ALL),
    ("For all items subject to the EAR. (See §744.11 of the EAR)", ALL),
    ("For all items subject to the EAR. (See §§ 734.9(e) and 744.11 of the EAR)4", ALL),
    ("For all items subject to the EAR (See §744.2 of the EAR)", ALL),
    ("For all items subject to the EAR (See §744.11 of the EAR).", ALL),
    ("For all items subject to the EAR.  (See part§744.11 of the EAR).", ALL),
    ("For all items subject to the EAR (See §744.3 of the EAR)", ALL),
    ("For all items subject to the EAR, with case-by-case basis for items listed on the CCL", ALL),
    ("For all items subject to the EAR. (See §?744.11 of the EAR)", ALL),
    ("For all items subject to the EAR. (See §746.5 of the EAR).", ALL),
    (OFAC_GL11, ALL),
    (OFAC_GL1B, ALL),
    ("All items subject to the EAR.  " + RUSSIA_SECTIONS, ALL),
    ("For all items subject to the EAR. " + RUSSIA_SECTIONS, ALL),
    (RUSSIA_PROJECTS + ".", SPECIFIC),
    (RUSSIA_PROJECTS, SPECIFIC),
    ("For any item subject to the EAR listed in supplement no. 2 to part 744.", SPECIFIC),
    ("For all items subject to the EAR except food and medicine designated as EAR99.", EXCEPT_FOOD),
    ("", LicenceScope.OTHER),
    ("Not an item description at all", LicenceScope.OTHER),
]

MEU_POLICY = (
    "The license application procedure and license review policy for entities specified in "
    "supplement no. 2 to part 744 is specified in §744.21(d) and (e)."
)
RUSSIA_POLICY = (
    "Policy of denial for all items subject to the EAR apart from food and medicine designated "
    "as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) and 744.21(e)"
)
CCL_SPLIT = "Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items"

# Every distinct license_policy, with the requirement it is published with where that matters.
POLICIES: list[tuple[str, str, ReviewPolicy]] = [
    ("Presumption of denial.", "", DENIAL),
    ("Presumption of denial", "", DENIAL),
    ("Presumption of denial. ", "", DENIAL),
    ("Presumption of Denial", "", DENIAL),
    ("Policy of denial. See §§ 746.8(b) and 744.21(e)", "", POLICY_DENIAL),
    (RUSSIA_POLICY, "", POLICY_DENIAL),
    (RUSSIA_POLICY + ".", "", POLICY_DENIAL),
    ("Case-by-case basis", "", CASE),
    ("Case-by-case basis.", "", CASE),
    (CCL_SPLIT, "", CASE),
    (CCL_SPLIT + ".", "", CASE),
    ("Presumption of  approval for EAR99; case-by-case review for all items on the CCL", "", CASE),
    (
        "Presumption of approval for EAR99 items",
        "For all items subject to the EAR, with case-by-case basis for items listed on the CCL",
        CASE,
    ),
    ("Presumption of approval for EAR99 items", "For all items subject to the EAR.", APPROVAL),
    ("Presumption of approval", "", APPROVAL),
    ("See §746.5(b) of the EAR.", "", DENIAL),
    ("See §746.5(b) of the EAR", "", DENIAL),
    ("See §744.3(d) of this part", "", CASE),
    ("See §744.3 of this part", "", CASE),
    ("See §744.2(d) of this part", "", CASE),
    (MEU_POLICY, "", OTHER_POLICY),
    ("", "", OTHER_POLICY),
    ("See the footnote", "", OTHER_POLICY),
]

# EL rows of the 2023 file whose licence is classified OTHER, reviewed: the CSL publishes no
# licence text for this (duplicate) row of Chengdu GaStone; its other row has the usual one.
REVIEWED_OTHER_EL_ROWS = {
    ("Chengdu GaStone Technology Co., Ltd. (CGTC)", "", ""),
}


@pytest.mark.parametrize(("text", "scope"), REQUIREMENTS)
def test_requirement_spellings(text: str, scope: LicenceScope) -> None:
    assert classify_scope(text) is scope


@pytest.mark.parametrize(("text", "requirement", "policy"), POLICIES)
def test_policy_spellings(text: str, requirement: str, policy: ReviewPolicy) -> None:
    assert classify_policy(text, requirement) is policy


def test_vocabulary_examples_classify_as_their_rule() -> None:
    """Each example in licence_vocabulary.yml is matched by the rule it documents."""
    vocab = vocabulary()
    checked = 0
    for rule in vocab.scope:
        for example in rule.examples:
            assert classify_scope(example) is rule.value, example
            checked += 1
    for rule in vocab.policy:
        for example in rule.examples:
            assert classify_policy(example, rule.requirement_example or "") is rule.value, example
            checked += 1
    assert checked >= 40


def test_parse_licence_keeps_the_published_text() -> None:
    licence = parse_licence("  For all items subject to the EAR.  ", "Presumption of denial. ")
    assert licence == Licence(
        requirement_text="For all items subject to the EAR.",
        scope=ALL,
        policy_text="Presumption of denial.",
        policy=DENIAL,
    )
    assert "all items subject to the EAR" in licence.describe()
    unknown = parse_licence("Something new", None)
    assert (unknown.scope, unknown.policy) == (LicenceScope.OTHER, ReviewPolicy.OTHER)
    assert unknown.requirement_text == "Something new"
    assert unknown.policy_text == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(See §?744.11 of the EAR)", "(see §744.11 of the ear)"),
        ("(See part§744.11 of the EAR).", "(see §744.11 of the ear)."),
        ("See §§ 746.8(b)", "see §§746.8(b)"),
        ("Presumption of  approval\n for EAR99", "presumption of approval for ear99"),
        ("Treasury’s Office", "treasury's office"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_bad_vocabulary_fails_loudly() -> None:
    with pytest.raises(ValueError, match=r"scope\[0\].*'not_a_scope'"):
        load_vocabulary({"scope": [{"pattern": "x", "scope": "not_a_scope"}]})
    with pytest.raises(ValueError, match=r"policy\[0\]: each rule needs"):
        load_vocabulary({"policy": [{"pattern": "x"}]})
    with pytest.raises(ValueError, match=r"policy\[0\]"):
        load_vocabulary({"policy": [{"pattern": "(", "policy": "other"}]})


def test_every_el_row_of_2023_gets_a_licence(shared_data: Path) -> None:
    source = CslSource()
    result = source.parse(source.fetch(str(shared_data / "csl" / "consolidated_2023-11-30.csv")))
    el = [e for e in result.entries if e.list_code == "EL"]
    assert len(el) == 919
    assert all(e.licence is not None for e in el)
    other = {
        (e.name, e.licence.requirement_text, e.licence.policy_text)
        for e in el
        if e.licence is not None
        and (e.licence.scope is LicenceScope.OTHER or e.licence.policy is ReviewPolicy.OTHER)
    }
    for row in sorted(other):
        print("EL licence classified OTHER:", row)
    assert other == REVIEWED_OTHER_EL_ROWS

    # every distinct published spelling is in the reviewed tables above
    published_requirements = {e.licence.requirement_text for e in el if e.licence}
    published_policies = {e.licence.policy_text for e in el if e.licence}
    reviewed_requirements = {t.strip() for t, _ in REQUIREMENTS}
    reviewed_policies = {t.strip() for t, _, _ in POLICIES}
    assert published_requirements - reviewed_requirements == set()
    assert published_policies - reviewed_policies == set()
