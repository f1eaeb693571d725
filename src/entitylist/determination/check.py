"""A shipment checked: screen every party, evaluate each listed entry found with the rules,
and combine the reasons into one outcome per party and overall.

`determine` is pure over screening results, so `check` (one shipment) and `check_many`
(a batch, screened in one matching run) give the same answer for the same shipment.
"""

from __future__ import annotations

from collections.abc import Sequence

from entitylist.audit import kinds
from entitylist.audit.actors import Actor
from entitylist.determination.models import (
    Determination,
    Outcome,
    PartyOutcome,
    Reason,
    Shipment,
    ShipmentParty,
    strictest,
    strictest_policy,
)
from entitylist.determination.reasons import Context, Finding
from entitylist.determination.rules import evaluate
from entitylist.pointintime.inforce import not_in_force
from entitylist.screening import Party, ScreeningResult
from entitylist.screening.models import ScreeningHit
from entitylist.screening.recorded import Record
from entitylist.screening.screener import Screener, ScreenPlan

# Destinations under comprehensive embargo or country-wide sanctions in 15 CFR Part 746:
# named in the notes so that a clean party result is never read as a clean destination.
PART_746_DESTINATIONS = {
    "CU": "15 CFR 746.2",
    "IR": "15 CFR 746.7",
    "KP": "15 CFR 746.4",
    "SY": "15 CFR 746.9",
    "RU": "15 CFR 746.8",
    "BY": "15 CFR 746.8",
}

NO_HIT = Reason(
    outcome=Outcome.NOT_REQUIRED,
    rule="no_match",
    text="no listed party matched this name in the lists screened",
)


def check(screener: Screener, shipment: Shipment, *, record: Record, actor: Actor) -> Determination:
    """One shipment determined and recorded once (kind `determination`): its inputs, the
    snapshot ids, the outcome and every reason. Every face checks through here."""
    determination = check_many(screener, [shipment])[0]
    record(kinds.DETERMINATION, determination.to_dict(), actor.text)
    return determination


def check_many(screener: Screener, shipments: Sequence[Shipment]) -> list[Determination]:
    plan = screener.plan()
    parties = [screening_party(p) for s in shipments for p in s.parties]
    results = iter(plan.run(parties))
    return [determine(s, [next(results) for _ in s.parties], plan) for s in shipments]


def screening_party(party: ShipmentParty) -> Party:
    return Party(name=party.name, country=party.country, address=party.address, role=party.role)


def determine(
    shipment: Shipment, results: Sequence[ScreeningResult], plan: ScreenPlan
) -> Determination:
    """The determination for one shipment from its parties' screening results (pure)."""
    outcomes = tuple(
        party_outcome(shipment, party, result)
        for party, result in zip(shipment.parties, results, strict=True)
    )
    policies = [p.policy for p in outcomes if p.policy and p.outcome is Outcome.LICENCE_REQUIRED]
    return Determination(
        shipment=shipment,
        outcome=strictest([p.outcome for p in outcomes]),
        parties=outcomes,
        policy=strictest_policy(policies),
        snapshots={s: snap.brief() for s, snap in sorted(plan.loaded.snapshots.items())},
        notes=_notes(shipment),
    )


def party_outcome(
    shipment: Shipment, party: ShipmentParty, result: ScreeningResult
) -> PartyOutcome:
    ctx = Context(
        item=shipment.item,
        role=party.role,
        destination=shipment.destination,
        ofac_authorised=shipment.ofac_authorised,
    )
    found = [hit_reason(hit, ctx, shipment) for hit in result.hits]
    # One listed party published by two sources (the CSL and the list's own file) gives the
    # same reason twice: keep it once.
    reasons = list({(r.list_code, r.rule, r.text): r for r in found[::-1]}.values())[::-1]
    if not reasons:
        reasons = [NO_HIT]
    required = [r.policy for r in reasons if r.policy and r.outcome is Outcome.LICENCE_REQUIRED]
    return PartyOutcome(
        party=party,
        outcome=strictest([r.outcome for r in reasons]),
        reasons=tuple(reasons),
        policy=strictest_policy(required),
    )


def hit_reason(hit: ScreeningHit, ctx: Context, shipment: Shipment) -> Reason:
    """The reason one screening hit gives. On a shipment's date, an entry whose listing was
    not in force then (pointintime's one rule: start and end dates) gives no requirement,
    and says why."""
    entry = hit.stored.entry
    finding = Finding(
        entry=entry, entry_ref=_entry_ref(hit), basis=hit.basis, affiliation=hit.affiliation
    )
    why = not_in_force(entry, shipment.on) if shipment.on is not None else None
    if why is not None:
        return Reason(
            outcome=Outcome.NOT_REQUIRED,
            rule="not_in_force",
            text=f"{entry.name!r} on {entry.list_code}: {why}",
            list_code=entry.list_code,
            entry=finding.entry_ref,
        )
    if hit.basis != "name":
        return evaluate(finding, ctx)
    if not hit.alert:
        return Reason(
            outcome=Outcome.NEEDS_CLASSIFICATION,
            rule="possible_match",
            text=(
                f"a possible match (score {hit.match.score:.2f}, below the alert threshold) to "
                f"{entry.name!r} on {entry.list_code}: confirm whether it is this party"
            ),
            list_code=entry.list_code,
            entry=finding.entry_ref,
        )
    return evaluate(finding, ctx)


def _entry_ref(hit: ScreeningHit) -> dict[str, object]:
    e = hit.stored.entry
    return {
        "entry_id": hit.stored.id,
        "source": hit.stored.source,
        "source_id": e.source_id,
        "name": e.name,
        "matched_name": hit.match.matched_name,
        "score": round(hit.match.score, 4),
        "countries": list(e.countries),
        "start_date": e.start_date.isoformat() if e.start_date else None,
        "content_hash": hit.stored.content_hash,
    }


def _notes(shipment: Shipment) -> tuple[str, ...]:
    section = PART_746_DESTINATIONS.get(shipment.destination)
    if section is None:
        return ()
    return (
        f"the destination {shipment.destination} is subject to the embargo or special controls "
        f"of {section}, which this check does not assess",
    )
