"""The determination cases, written from the regulations: each names the rule it checks.

Entries are real published rows (the CSL of 2026-07-31, else 2023-11-30); where a wording
of the reviewed vocabulary is absent from both files, a real entry is given that published
wording (`with_wording`) and the case says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from entitylist.determination.models import Item, Outcome, Reason, Role, normalise_item
from entitylist.determination.reasons import Context, Finding
from entitylist.determination.rules import evaluate
from entitylist.model import Entry, LicenceScope, ReviewPolicy

ROLES = [str(r) for r in Role]


def decide(
    entry: Entry,
    item: str = "EAR99",
    *,
    role: str = "ultimate_consignee",
    ofac_authorised: bool = False,
    basis: str = "name",
    **facts: Any,
) -> Reason:
    ctx = Context(
        item=Item(normalise_item(item), **facts),
        role=Role(role),
        destination="CN",
        ofac_authorised=ofac_authorised,
    )
    return evaluate(Finding(entry=entry, entry_ref={"name": entry.name}, basis=basis), ctx)


# -- Entity List: 15 CFR 744.11, 744.16, Supplement No. 4 to Part 744 --------------------


def test_all_items_and_ear99_needs_a_licence_under_the_entry_policy(published):
    """744.16(a): 'all items subject to the EAR' includes EAR99; policy as the entry says."""
    entry = published("EL", "Inspur Group Co., Ltd.")
    reason = decide(entry, "EAR99")
    assert reason.outcome is Outcome.LICENCE_REQUIRED
    assert reason.policy is ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert "15 CFR 744.11" in reason.citations and "88 FR 13675" in reason.citations


def test_ear99_food_is_outside_an_entry_excepting_food_and_medicine(with_wording):
    """An entry 'except food and medicine designated as EAR99' does not reach EAR99 food."""
    entry = with_wording(
        "For all items subject to the EAR except food and medicine designated as EAR99."
    )
    assert decide(entry, "EAR99", food_or_medicine=True).outcome is Outcome.NOT_REQUIRED


def test_ear99_not_food_still_needs_a_licence_under_that_carve_out(with_wording):
    entry = with_wording(
        "For all items subject to the EAR except food and medicine designated as EAR99."
    )
    assert decide(entry, "EAR99", food_or_medicine=False).outcome is Outcome.LICENCE_REQUIRED


def test_food_not_declared_is_required_with_the_carve_out_named(with_wording):
    entry = with_wording(
        "For all items subject to the EAR except food and medicine designated as EAR99."
    )
    reason = decide(entry, "EAR99")
    assert reason.outcome is Outcome.LICENCE_REQUIRED
    assert "food or medicine" in reason.text


def test_an_eccn_item_is_not_food_for_the_carve_out(with_wording):
    entry = with_wording(
        "For all items subject to the EAR except food and medicine designated as EAR99."
    )
    assert decide(entry, "5A992.c", food_or_medicine=True).outcome is Outcome.LICENCE_REQUIRED


def test_inspur_taiwan_foreign_item_needs_classification_naming_734_9_e_2(published):
    """Footnote 4 (734.9(e)(2)): a foreign-produced item may be subject to the EAR."""
    reason = decide(published("EL", "Inspur Taiwan"), "4A994", foreign_produced=True)
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION
    assert "734.9(e)(2)" in reason.text and "15 CFR 734.9(e)(2)" in reason.citations


def test_inspur_taiwan_us_origin_ear99_is_licence_required_policy_of_denial(published):
    reason = decide(published("EL", "Inspur Taiwan"), "EAR99")
    assert reason.outcome is Outcome.LICENCE_REQUIRED
    assert reason.policy is ReviewPolicy.POLICY_OF_DENIAL
    assert {"15 CFR 744.11", "90 FR 14046"} <= set(reason.citations)


def test_footnote_4_direct_product_declared_is_licence_required(published):
    """734.9(e)(2) met (declared): the foreign item is subject to the EAR; 744.11(a)(2)."""
    reason = decide(
        published("EL", "Inspur Taiwan"), "4A994", foreign_produced=True, direct_product=True
    )
    assert reason.outcome is Outcome.LICENCE_REQUIRED
    assert "15 CFR 744.11(a)(2)" in reason.citations


def test_footnote_4_not_a_direct_product_leaves_de_minimis_unassessed(published):
    """Not an FDP item (declared): de minimis (734.4) may still bring it under the EAR."""
    reason = decide(
        published("EL", "Inspur Taiwan"), "4A994", foreign_produced=True, direct_product=False
    )
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION
    assert "15 CFR 734.4" in reason.citations


def test_footnote_1_entry_foreign_item_names_734_9_e_1(published):
    """Footnote 1 (Huawei entries): 734.9(e)(1)."""
    entry = published("EL", requirement="734.9(e)1")
    reason = decide(entry, "5A992.c", foreign_produced=True)
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "734.9(e)(1)" in reason.text


def test_footnote_3_entry_foreign_item_names_734_9_g(published):
    """Footnote 3 (Russian and Belarusian military end users): 734.9(g)."""
    entry = published("EL", requirement="734.9(g),3")
    reason = decide(entry, "EAR99", foreign_produced=True)
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "734.9(g)" in reason.text


def test_footnote_5_entry_foreign_item_names_734_9_e_3(published):
    """Footnote 5 (advanced-node semiconductor entities): 734.9(e)(3)."""
    entry = published("EL", requirement="734.9(e)(3)")
    reason = decide(entry, "3B001.c", foreign_produced=True)
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "734.9(e)(3)" in reason.text


def test_unfootnoted_entry_foreign_item_needs_classification(published):
    """Without an FDP designation a foreign item is subject only via de minimis or the
    destination-based FDP rules: not assessed."""
    entry = published(
        "EL", requirement="For all items subject to the EAR. (See §744.11 of the EAR)"
    )
    assert decide(entry, "EAR99", foreign_produced=True).outcome is Outcome.NEEDS_CLASSIFICATION


@pytest.mark.parametrize(
    "role", ["purchaser", "intermediate_consignee", "ultimate_consignee", "end_user"]
)
def test_the_entity_list_applies_to_every_party_of_748_5(published, role):
    """744.16(a): a party 'as described in § 748.5(c) through (f)'."""
    assert decide(published("EL", "Inspur Taiwan"), role=role).outcome is Outcome.LICENCE_REQUIRED


def test_an_entity_list_party_in_another_role_needs_classification(published):
    reason = decide(published("EL", "Inspur Taiwan"), role="other")
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "748.5" in reason.text


def test_project_end_use_entry_needs_the_end_use(published):
    """746.8(a)(4): only items used in the specified oil projects."""
    entry = published("EL", requirement="when used in projects specified in § 746.8(a)(4)")
    assert decide(entry).outcome is Outcome.NEEDS_CLASSIFICATION
    assert decide(entry, project_end_use=False).outcome is Outcome.NOT_REQUIRED
    assert decide(entry, project_end_use=True).outcome is Outcome.LICENCE_REQUIRED


def test_ccl_and_supplement_7_entry_covers_an_eccn_item(published):
    entry = published("EL", requirement="supplement no. 7 to part 746")
    assert decide(entry, "4A994").outcome is Outcome.LICENCE_REQUIRED


def test_ccl_and_supplement_7_entry_and_ear99_depends_on_the_supplement(published):
    """An EAR99 item is covered only if Supplement No. 7 to Part 746 lists it."""
    entry = published("EL", requirement="supplement no. 7 to part 746")
    assert decide(entry, "EAR99").outcome is Outcome.NEEDS_CLASSIFICATION
    assert decide(entry, "EAR99", supplement_7_746=False).outcome is Outcome.NOT_REQUIRED
    assert decide(entry, "EAR99", supplement_7_746=True).outcome is Outcome.LICENCE_REQUIRED


def test_ofac_authorised_transactions_are_carved_out(published):
    """Entries 'apart from items ... authorized by ... OFAC pursuant to General License ...'."""
    entry = published("EL", requirement="Office of Foreign Assets Control")
    assert decide(entry, ofac_authorised=True).outcome is Outcome.NOT_REQUIRED
    assert decide(entry).outcome is Outcome.LICENCE_REQUIRED


def test_licence_exception_gov_named_in_the_entry_is_stated(published):
    """740.11(b): the entry keeps License Exception GOV; otherwise none (744.16(b))."""
    entry = published("EL", requirement="License Exception GOV")
    reason = decide(entry)
    assert reason.outcome is Outcome.LICENCE_REQUIRED
    assert any("740.11(b)" in c for c in reason.conditions)


def test_no_licence_exception_unless_the_entry_names_one(published):
    reason = decide(published("EL", "Inspur Taiwan"))
    assert reason.conditions == ("no licence exception is available (15 CFR 744.16(b))",)


def test_licence_exception_of_740_26_named_in_the_policy_is_stated(published):
    entry = published("EL", "Wuhan Xinxin Semiconductor Manufacturing Company Limited")
    reason = decide(entry)
    assert reason.policy is ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert any("740.26" in c for c in reason.conditions)


def test_hs_code_carve_out_leaves_an_ear99_item_to_classify(published):
    entry = published("EL", requirement="except for: crude oil")
    assert decide(entry, "EAR99").outcome is Outcome.NEEDS_CLASSIFICATION
    assert decide(entry, "3A090.a").outcome is Outcome.LICENCE_REQUIRED


def test_uav_technology_carve_out_leaves_ear99_to_classify(published):
    entry = published("EL", requirement="unmanned aerial vehicles")
    assert decide(entry, "EAR99").outcome is Outcome.NEEDS_CLASSIFICATION


def test_named_eccns_limit_the_requirement(published):
    """An item-specific entry names its ECCNs; neither CSL file here has one, so a real entry
    is given such a requirement, classified as specific items."""
    base = published("EL", "Inspur Taiwan")
    assert base.licence is not None
    licence = replace(
        base.licence,
        requirement_text="For items classified under ECCNs 3A090 and 4A090 of the CCL",
        scope=LicenceScope.SPECIFIC_ITEMS,
    )
    entry = replace(base, licence=licence)
    assert decide(entry, "3A090.a").outcome is Outcome.LICENCE_REQUIRED
    assert decide(entry, "5A992.c").outcome is Outcome.NOT_REQUIRED
    assert decide(entry, "unclassified").outcome is Outcome.NEEDS_CLASSIFICATION


def test_an_unclassified_requirement_wording_needs_reading(with_wording):
    """A wording no reviewed rule matches is never guessed: the text is shown to read."""
    reason = decide(with_wording("For items classified under ECCN 3A090 on the CCL"))
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "3A090" in reason.text


def test_found_by_ownership_needs_classification(published):
    """The affiliates seam: a finding by ownership is not decided by the name rules."""
    reason = decide(published("EL", "Inspur Taiwan"), basis="ownership")
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "ownership" in reason.text


# -- Military End-User List: 15 CFR 744.21, Supplement No. 2 to Part 744 ----------------


def test_meu_party_and_ear99_is_not_required_by_the_meu_list(published):
    """Supplement No. 2 lists ECCNs only: EAR99 is never in it."""
    assert decide(published("MEU")).outcome is Outcome.NOT_REQUIRED


def test_meu_party_and_a_supplement_2_item_needs_a_licence(published):
    reason = decide(published("MEU"), "3A991.a", meu_supplement_2=True)
    assert reason.outcome is Outcome.LICENCE_REQUIRED
    assert reason.policy is ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert "15 CFR 744.21(e)" in reason.citations


def test_meu_party_and_an_eccn_of_unknown_supplement_2_status(published):
    assert decide(published("MEU"), "3A991.a").outcome is Outcome.NEEDS_CLASSIFICATION
    assert (
        decide(published("MEU"), "3A991.a", meu_supplement_2=False).outcome is Outcome.NOT_REQUIRED
    )


def test_russian_military_end_user_covers_all_items_with_a_policy_of_denial(published):
    """744.21 for Russia and Belarus: all items except EAR99 food and medicine."""
    entry = replace(published("MEU"), countries=("RU",))
    reason = decide(entry, "EAR99")
    assert (
        reason.outcome is Outcome.LICENCE_REQUIRED
        and reason.policy is ReviewPolicy.POLICY_OF_DENIAL
    )
    assert decide(entry, "EAR99", food_or_medicine=True).outcome is Outcome.NOT_REQUIRED


def test_meu_party_and_a_foreign_produced_item_needs_classification(published):
    assert decide(published("MEU"), foreign_produced=True).outcome is Outcome.NEEDS_CLASSIFICATION


# -- Unverified List: 15 CFR 744.15 -------------------------------------------------------


def test_uvl_party_needs_a_statement_and_no_licence_exception(published):
    reason = decide(published("UVL"))
    assert reason.outcome is Outcome.NOT_REQUIRED
    assert any("UVL statement" in c and "744.15(b)" in c for c in reason.conditions)
    assert any("no licence exception" in c and "744.15(a)" in c for c in reason.conditions)


# -- Denied Persons List: Part 764 Supplement No. 1 ---------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_denied_person_in_any_role_is_prohibited(published, role):
    reason = decide(published("DPL"), role=role)
    assert reason.outcome is Outcome.PROHIBITED
    assert "Supplement No. 1 to Part 764" in reason.citations


# -- OFAC lists: 31 CFR Chapter V ----------------------------------------------------------


def test_an_sdn_is_prohibited_without_ofac_authorisation(published):
    reason = decide(published("SDN"))
    assert reason.outcome is Outcome.PROHIBITED and "31 CFR 501.801" in reason.citations


def test_an_authorised_sdgt_still_needs_an_ear_licence(entries_2026):
    """744.12: Specially Designated Global Terrorists need a licence for all EAR items."""
    sdgt = next(e for e in entries_2026 if e.list_code == "SDN" and e.programs == ("SDGT",))
    reason = decide(sdgt, ofac_authorised=True)
    assert reason.outcome is Outcome.LICENCE_REQUIRED and "15 CFR 744.12" in reason.citations


def test_an_authorised_sdn_of_another_programme_is_not_restricted_by_the_list(entries_2026):
    sdn = next(
        e for e in entries_2026 if e.list_code == "SDN" and e.programs == ("RUSSIA-EO14024",)
    )
    assert decide(sdn, ofac_authorised=True).outcome is Outcome.NOT_REQUIRED


def test_a_foreign_sanctions_evader_is_prohibited(published):
    """EO 13608: no dealings in goods, services or technology."""
    assert decide(published("FSE")).outcome is Outcome.PROHIBITED


def test_a_cmic_only_party_has_no_export_licence_requirement(published):
    reason = decide(published("CMIC"))
    assert reason.outcome is Outcome.NOT_REQUIRED
    assert "securities" in reason.text and "Executive Order 14032" in reason.citations


def test_a_capta_listed_bank_has_no_export_licence_requirement(published):
    assert decide(published("CAP")).outcome is Outcome.NOT_REQUIRED


@pytest.mark.parametrize("code", ["SSI", "ISN", "MBS", "PLC"])
def test_lists_whose_measures_are_not_in_the_columns_need_classification(published, code):
    reason = decide(published(code))
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION and "Not decided here" in reason.text


# -- ITAR debarment: 22 CFR 127.7 ----------------------------------------------------------


def test_a_debarred_party_and_an_ear_item_is_not_required_by_that_list(published):
    reason = decide(published("DTC"), "EAR99")
    assert reason.outcome is Outcome.NOT_REQUIRED and "22 CFR 127.7" in reason.citations


def test_a_debarred_party_and_an_unclassified_item_needs_classification(published):
    assert decide(published("DTC"), "unclassified").outcome is Outcome.NEEDS_CLASSIFICATION


def test_a_list_without_a_reviewed_meaning_needs_classification(published):
    entry = replace(published("EL", "Inspur Taiwan"), list_code="XYZ")
    assert decide(entry).outcome is Outcome.NEEDS_CLASSIFICATION


def test_an_item_must_be_an_eccn_ear99_or_unclassified():
    from entitylist.errors import InputError

    assert normalise_item("5a992.C") == "5A992.c"
    with pytest.raises(InputError, match="not an ECCN"):
        normalise_item("5A99")


# -- Affiliates rule: ownership hits (the affiliates work gives basis, percent, rule status) --


def _affiliation(day: str, percent: float) -> dict[str, Any]:
    from datetime import date

    from entitylist.rules.status import load_rule

    status = load_rule().on(date.fromisoformat(day))
    return {
        "summary": f"Owned Co is {percent} % owned by a listed party",
        "percent": percent,
        "rule_status": status.to_dict(),
    }


def _owned(entry: Entry, day: str, percent: float) -> Reason:
    ctx = Context(item=Item("EAR99"), role=Role.END_USER, destination="CN")
    finding = Finding(
        entry=entry,
        entry_ref={"name": "Owned Co"},
        basis="ownership",
        affiliation=_affiliation(day, percent),
    )
    return evaluate(finding, ctx)


def test_an_affiliate_owned_50_percent_takes_the_entity_list_requirement(published):
    """The Affiliates rule (90 FR 47201), in force from 2025-09-29 to its suspension."""
    reason = _owned(published("EL", "Inspur Taiwan"), "2025-10-01", 60.0)
    assert reason.outcome is Outcome.LICENCE_REQUIRED and reason.rule.startswith("affiliates.")
    assert reason.policy is ReviewPolicy.POLICY_OF_DENIAL


def test_an_affiliate_while_the_rule_is_suspended_is_not_restricted_by_it(published):
    """Suspended from 2025-11-10 to 2026-11-09 (90 FR 50857)."""
    assert (
        _owned(published("EL", "Inspur Taiwan"), "2026-01-15", 60.0).outcome is Outcome.NOT_REQUIRED
    )


def test_an_affiliate_below_an_established_50_percent_needs_classification(published):
    reason = _owned(published("EL", "Inspur Taiwan"), "2025-10-01", 30.0)
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION


def test_an_affiliate_that_needs_its_sdn_owners_program_classified_is_not_decided(published):
    """Only SDNs of the programs in 15 CFR 744.8(a)(1) count (the rule data)."""
    ctx = Context(item=Item("EAR99"), role=Role.END_USER, destination="CN")
    affiliation = _affiliation("2026-11-20", 60.0) | {
        "needs_classification": "SDN owner: only SDNs of the programs in 15 CFR 744.8(a)(1)"
    }
    finding = Finding(
        entry=published("EL", "Inspur Taiwan"),
        entry_ref={"name": "Owned Co"},
        basis="ownership",
        affiliation=affiliation,
    )
    reason = evaluate(finding, ctx)
    assert reason.outcome is Outcome.NEEDS_CLASSIFICATION
    assert reason.rule == "affiliates.needs_classification"
