"""The Entity List rule (15 CFR 744.11 and 744.16; Supplement No. 4 to Part 744), in steps:

1. the role: the requirement applies to a purchaser, intermediate or ultimate consignee or
   end user (744.16(a), 748.5(c)-(f));
2. a foreign-produced item: subject to the EAR only through de minimis (734.4) or a foreign
   direct product rule (734.9): the entry's footnotes say which FDP rule reaches it;
3. the entry's requirement read against the item: all items, carve-outs (EAR99 food and
   medicine, OFAC-authorised transactions, HS codes, UAV technology), end-use limits
   (746.8(a)(4) projects), item lists (CCL plus Supplement No. 7 to Part 746), ECCNs named;
4. the review policy and the licence exceptions the entry keeps.

Each step is a pure function returning a `Reason` or None (go on to the next).
"""

from __future__ import annotations

from entitylist.determination.models import LISTED_PARTY_ROLES, Item, Outcome, Reason
from entitylist.determination.reasons import Context, Finding, reason_for
from entitylist.model import Licence, LicenceScope
from entitylist.sources.licence_terms import LicenceTerms, footnote, term, terms_of
from entitylist.sources.meanings import ListMeaning


def entity_list_reason(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    licence = finding.entry.licence
    terms = terms_of(licence)
    return (
        _role(finding, meaning, ctx)
        or _foreign_produced(finding, meaning, ctx, terms)
        or _scope(finding, meaning, ctx, terms, licence)
    )


def _role(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason | None:
    if ctx.role in LISTED_PARTY_ROLES:
        return None
    text = (
        "the Entity List requirement applies when the listed entity is a purchaser, "
        "intermediate consignee, ultimate consignee or end user (15 CFR 744.16(a), "
        f"748.5(c)-(f)); this party's role is {ctx.role}: confirm its role in the transaction"
    )
    return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "EL.role", text, meaning.citations)


def _foreign_produced(
    finding: Finding, meaning: ListMeaning, ctx: Context, terms: LicenceTerms
) -> Reason | None:
    item = ctx.item
    if not item.foreign_produced:
        return None
    fdp = ", ".join(terms.fdp_paragraphs)
    cites = (*meaning.citations, *terms.fdp_paragraphs, "15 CFR 734.4")
    if terms.fdp_paragraphs and item.direct_product:
        return None  # brought under the EAR by the entry's FDP rule: read the requirement
    if terms.fdp_paragraphs and item.direct_product is None:
        notes = "; ".join(_footnote_words(terms))
        text = (
            f"a foreign-produced item to an entity designated for the foreign direct product "
            f"rule of {fdp} ({notes}): whether the item is such a direct product of US "
            "technology or software is not known; say so (--direct-product yes|no)"
        )
        return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "EL.fdp_unknown", text, cites)
    text = (
        "a foreign-produced item: whether it is subject to the EAR (de minimis US content, "
        "15 CFR 734.4; the foreign direct product rules of 734.9 by destination) is not assessed"
    )
    if terms.fdp_paragraphs:
        text = f"not a direct product under {fdp} (as declared); " + text
    return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "EL.foreign_item", text, cites)


def _footnote_words(terms: LicenceTerms) -> list[str]:
    words = []
    for number in terms.footnotes:
        note = footnote(number)
        if note is not None:
            words.append(f"footnote {number}: {note.fdp or note.licence}")
    return words or ["the entry cites it"]


def _scope(
    finding: Finding,
    meaning: ListMeaning,
    ctx: Context,
    terms: LicenceTerms,
    licence: Licence | None,
) -> Reason:
    if licence is None or licence.scope is LicenceScope.OTHER:
        published = licence.requirement_text if licence else "(none published)"
        text = f"the entry's licence requirement could not be classified: {published!r}; read it"
        return reason_for(
            finding, Outcome.NEEDS_CLASSIFICATION, "EL.scope_other", text, meaning.citations
        )
    carved = _carve_out(finding, meaning, ctx, terms, licence)
    if carved is not None:
        return carved
    return _required(finding, meaning, ctx, terms, licence)


def _carve_out(
    finding: Finding, meaning: ListMeaning, ctx: Context, terms: LicenceTerms, licence: Licence
) -> Reason | None:
    """A reason when the item or transaction falls outside (or maybe outside) the entry."""
    item = ctx.item
    cites = meaning.citations
    if terms.has("ofac_authorised_carve_out") and ctx.ofac_authorised:
        why = term("ofac_authorised_carve_out").why
        text = f"the transaction is OFAC-authorised (declared): {why}"
        return reason_for(finding, Outcome.NOT_REQUIRED, "EL.ofac_carve_out", text, cites)
    food = terms.has("ear99_food_medicine_carve_out") or (
        licence.scope is LicenceScope.ALL_EXCEPT_EAR99_FOOD_MEDICINE
    )
    if food and item.ear99 and item.food_or_medicine:
        text = "EAR99 food or medicine (declared): outside this entry's licence requirement"
        return reason_for(finding, Outcome.NOT_REQUIRED, "EL.food_medicine", text, cites)
    if terms.has("project_end_use"):
        return _project(finding, meaning, item)
    if terms.has("ccl_and_supplement_7_items"):
        return _supplement_7(finding, meaning, item)
    for name in ("hs_code_carve_out", "ear99_uav_technology_carve_out"):
        if terms.has(name) and not item.eccn:
            text = (
                f"the entry excludes some EAR99 items: {term(name).why} Check the item against it."
            )
            return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, f"EL.{name}", text, cites)
    if licence.scope is LicenceScope.SPECIFIC_ITEMS:
        return _named_items(finding, meaning, item, terms)
    return None


def _project(finding: Finding, meaning: ListMeaning, item: Item) -> Reason | None:
    rule = term("project_end_use")
    cites = (*meaning.citations, rule.citation)
    if item.project_end_use is None:
        text = (
            f"{rule.why} Whether this item is for such a project is not known "
            "(--project-end-use yes|no)."
        )
        return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "EL.project_unknown", text, cites)
    if not item.project_end_use:
        text = "not for a project that 15 CFR 746.8(a)(4) specifies (declared): outside this entry"
        return reason_for(finding, Outcome.NOT_REQUIRED, "EL.project_no", text, cites)
    return None


def _supplement_7(finding: Finding, meaning: ListMeaning, item: Item) -> Reason | None:
    rule = term("ccl_and_supplement_7_items")
    cites = (*meaning.citations, rule.citation)
    if item.eccn:
        return None  # an item on the CCL: covered
    if item.unclassified or item.supplement_7_746 is None:
        text = f"{rule.why} Say whether it is (--supplement-7 yes|no), or classify the item."
        return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "EL.supp7_unknown", text, cites)
    if not item.supplement_7_746:
        text = (
            "an EAR99 item not listed in Supplement No. 7 to Part 746 (declared): "
            "outside this entry"
        )
        return reason_for(finding, Outcome.NOT_REQUIRED, "EL.supp7_no", text, cites)
    return None


def _named_items(
    finding: Finding, meaning: ListMeaning, item: Item, terms: LicenceTerms
) -> Reason | None:
    if not terms.eccns:
        text = "the entry's requirement covers specific items it does not name by ECCN: read it"
        return reason_for(
            finding, Outcome.NEEDS_CLASSIFICATION, "EL.specific_items", text, meaning.citations
        )
    if item.eccn and any(item.eccn.startswith(e) for e in terms.eccns):
        return None
    if item.unclassified:
        text = f"the entry names ECCNs {', '.join(terms.eccns)}: classify the item"
        return reason_for(
            finding, Outcome.NEEDS_CLASSIFICATION, "EL.eccn_unknown", text, meaning.citations
        )
    named = ", ".join(terms.eccns)
    text = f"the entry's requirement names ECCNs {named}; {item.classification} is not one"
    return reason_for(finding, Outcome.NOT_REQUIRED, "EL.eccn_not_named", text, meaning.citations)


def _required(
    finding: Finding, meaning: ListMeaning, ctx: Context, terms: LicenceTerms, licence: Licence
) -> Reason:
    item = ctx.item
    cites: tuple[str, ...] = meaning.citations
    words = licence.describe()
    if item.foreign_produced:
        fdp = ", ".join(terms.fdp_paragraphs)
        words += f"; the foreign-produced item is subject to the EAR under {fdp}"
        cites = (*cites, *terms.fdp_paragraphs)
    for number in terms.footnotes:
        note = footnote(number)
        if note is not None:
            cites = (*cites, note.licence)
            if note.fdp and not item.foreign_produced:
                words += (
                    f"; footnote {number}: foreign-produced items may also be subject ({note.fdp})"
                )
    if (
        item.ear99
        and item.food_or_medicine is None
        and (
            terms.has("ear99_food_medicine_carve_out")
            or licence.scope is LicenceScope.ALL_EXCEPT_EAR99_FOOD_MEDICINE
        )
    ):
        words += "; unless the item is food or medicine (not declared: --food-or-medicine)"
    return reason_for(
        finding,
        Outcome.LICENCE_REQUIRED,
        f"EL.{licence.scope}",
        f"{words}.",
        cites,
        policy=licence.policy,
        conditions=_exceptions(terms),
    )


def _exceptions(terms: LicenceTerms) -> tuple[str, ...]:
    named = [
        f"{term(n).citation}: {term(n).why}"
        for n in ("licence_exception_gov", "licence_exception_named_in_policy")
        if terms.has(n)
    ]
    if named:
        return tuple(named)
    return ("no licence exception is available (15 CFR 744.16(b))",)
