"""The determination rules: small pure functions from (listed entry, item, role, facts) to
`Reason`s. Each list's `rule` in sources/data/list_meanings.yml names the function here;
every wording, citation and meaning comes from the reviewed data files, and every branch
that cannot be decided from the facts given answers `needs_classification` saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from entitylist.determination.entity_list import entity_list_reason
from entitylist.determination.models import Outcome, Reason
from entitylist.determination.reasons import Context, Finding, reason_for
from entitylist.model import Entry, ReviewPolicy
from entitylist.sources.meanings import ListMeaning, meanings

RUSSIA_BELARUS = frozenset({"RU", "BY"})


Rule = Callable[[Finding, ListMeaning, Context], Reason]


def evaluate(finding: Finding, ctx: Context) -> Reason:
    """The reason one listed entry gives for this party, item and role."""
    meaning = meanings().get(finding.entry.list_code)
    if meaning is None:
        return reason_for(
            finding,
            Outcome.NEEDS_CLASSIFICATION,
            "unreviewed_list",
            f"no reviewed meaning for list {finding.entry.list_code!r}: check what it requires",
            (),
        )
    if finding.basis == "ownership" and finding.affiliation is not None:
        return by_ownership(finding, meaning, ctx, finding.affiliation)
    if finding.basis != "name":
        return reason_for(
            finding,
            Outcome.NEEDS_CLASSIFICATION,
            f"{meaning.code}.{finding.basis}",
            f"found by {finding.basis}, not by name or established ownership: a lead to "
            "review, not a listing",
            meaning.citations,
        )
    return RULES[meaning.rule](finding, meaning, ctx)


def by_ownership(
    finding: Finding, meaning: ListMeaning, ctx: Context, affiliation: dict[str, Any]
) -> Reason:
    """The Affiliates rule: a party owned 50 % or more by listed parties takes their
    restrictions while the rule is in force (its status and citation come with the hit)."""
    status = affiliation.get("rule_status") or {}
    cites = tuple(str(c) for c in (status.get("citation"), status.get("notice")) if c)
    summary = str(affiliation.get("summary", ""))
    if not status.get("in_force"):
        text = f"by ownership: {summary}; the owner's restrictions do not extend to it today"
        return reason_for(finding, Outcome.NOT_REQUIRED, "affiliates.not_in_force", text, cites)
    if affiliation.get("needs_classification"):
        text = f"by ownership: {summary}"
        return reason_for(
            finding, Outcome.NEEDS_CLASSIFICATION, "affiliates.needs_classification", text, cites
        )
    if affiliation.get("percent", 0) < 50:
        text = f"by ownership: {summary}; whether it reaches 50 % must be established"
        return reason_for(
            finding, Outcome.NEEDS_CLASSIFICATION, "affiliates.undetermined", text, cites
        )
    owned = RULES[meaning.rule](finding, meaning, ctx)
    return replace(
        owned,
        rule=f"affiliates.{owned.rule}",
        text=f"by ownership ({summary}): {owned.text}",
        citations=tuple(dict.fromkeys((*cites, *owned.citations))),
    )


# -- the rules ---------------------------------------------------------------------------


def denial(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    text = f"{meaning.title}: {meaning.prohibits} This applies in any role ({ctx.role})."
    return reason_for(finding, Outcome.PROHIBITED, "DPL.denial_order", text, meaning.citations)


def blocked(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    if not ctx.ofac_authorised:
        text = f"{meaning.title}: {meaning.prohibits}"
        return reason_for(
            finding, Outcome.PROHIBITED, f"{meaning.code}.blocked", text, meaning.citations
        )
    overlay = _programme_requirement(finding.entry)
    if overlay is not None:
        text, citation, policy = overlay
        return reason_for(
            finding,
            Outcome.LICENCE_REQUIRED,
            f"{meaning.code}.ear_programme",
            f"OFAC authorisation declared; the EAR still requires a licence: {text}",
            (citation,),
            policy=policy,
        )
    text = (
        f"{meaning.title}: the OFAC authorisation declared permits the dealing (keep it on "
        "file); no EAR licence requirement comes from this list"
    )
    return reason_for(
        finding, Outcome.NOT_REQUIRED, f"{meaning.code}.authorised", text, meaning.citations
    )


def _programme_requirement(entry: Entry) -> tuple[str, str, ReviewPolicy] | None:
    tags = {t.strip() for p in entry.programs for t in p.replace(",", ";").split(";")}
    for tag, rule in meanings().sdn_programmes.items():
        if tag in tags:
            return rule.requirement, rule.citation, rule.policy
    return None


def unverified(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    return reason_for(
        finding,
        Outcome.NOT_REQUIRED,
        "UVL.statement",
        f"{meaning.title}: no licence is required by this list, but {meaning.prohibits[0].lower()}"
        f"{meaning.prohibits[1:]}",
        meaning.citations,
        conditions=(
            "obtain a UVL statement from the party before exporting (15 CFR 744.15(b))",
            "no licence exception may be used (15 CFR 744.15(a))",
        ),
    )


def no_export_licence(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    text = f"{meaning.title}: no export licence requirement; {meaning.plain}"
    return reason_for(
        finding, Outcome.NOT_REQUIRED, f"{meaning.code}.not_export", text, meaning.citations
    )


def classify(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    text = f"{meaning.title}: {meaning.plain} Not decided here: {meaning.reason}"
    return reason_for(
        finding, Outcome.NEEDS_CLASSIFICATION, f"{meaning.code}.classify", text, meaning.citations
    )


def itar_debarment(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    if ctx.item.unclassified:
        text = f"{meaning.title}: {meaning.prohibits} {meaning.reason} Classify the item."
        return reason_for(
            finding, Outcome.NEEDS_CLASSIFICATION, "DTC.unclassified", text, meaning.citations
        )
    text = (
        f"{meaning.title}: the item ({ctx.item.classification}) is subject to the EAR, not "
        f"the ITAR; the debarment imposes no EAR licence requirement. {meaning.plain}"
    )
    return reason_for(finding, Outcome.NOT_REQUIRED, "DTC.ear_item", text, meaning.citations)


def military_end_user(finding: Finding, meaning: ListMeaning, ctx: Context) -> Reason:
    item = ctx.item
    cites = meaning.citations
    if item.foreign_produced:
        text = (
            "a foreign-produced item: whether it is subject to the EAR (15 CFR 734.4 de "
            "minimis; 734.9(g) for Russian or Belarusian military end users) is not assessed"
        )
        return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "MEU.foreign_item", text, cites)
    if RUSSIA_BELARUS & set(finding.entry.countries):
        if item.ear99 and item.food_or_medicine:
            text = (
                "EAR99 food or medicine is outside 744.21 for Russian and Belarusian "
                "military end users"
            )
            return reason_for(finding, Outcome.NOT_REQUIRED, "MEU.ru_by_food", text, cites)
        text = (
            "a military end user in Russia or Belarus: 744.21 requires a licence for all items "
            "subject to the EAR except EAR99 food and medicine; policy of denial"
        )
        return reason_for(
            finding,
            Outcome.LICENCE_REQUIRED,
            "MEU.ru_by",
            text,
            (*cites, "15 CFR 744.21(e)"),
            policy=ReviewPolicy.POLICY_OF_DENIAL,
        )
    listed = item.meu_supplement_2
    if listed is None and item.ear99:
        listed = False  # Supplement No. 2 lists ECCNs only: an EAR99 item is never in it
    if listed is None:
        text = (
            f"whether {item.classification} is listed in Supplement No. 2 to Part 744 is not "
            "known: say so (--meu-item yes|no)"
        )
        return reason_for(finding, Outcome.NEEDS_CLASSIFICATION, "MEU.item_unknown", text, cites)
    if not listed:
        text = (
            f"{item.classification} is not in Supplement No. 2 to Part 744: not required by "
            "the MEU list"
        )
        return reason_for(finding, Outcome.NOT_REQUIRED, "MEU.item_not_listed", text, cites)
    text = (
        f"{item.classification} is in Supplement No. 2 to Part 744: a licence is required "
        "(744.21(a)); applications are reviewed with a presumption of denial (744.21(e))"
    )
    return reason_for(
        finding,
        Outcome.LICENCE_REQUIRED,
        "MEU.item_listed",
        text,
        (*cites, "15 CFR 744.21(e)"),
        policy=ReviewPolicy.PRESUMPTION_OF_DENIAL,
    )


RULES: dict[str, Rule] = {
    "entity_list": entity_list_reason,
    "military_end_user": military_end_user,
    "unverified": unverified,
    "denial": denial,
    "blocked": blocked,
    "itar_debarment": itar_debarment,
    "no_export_licence": no_export_licence,
    "classify": classify,
}
