"""GLEIF golden-copy XML: Level 2 relationship records (RR-CDF) and Level 1 LEI records.

RR-CDF records who consolidates whom. The StartNode is the child, the EndNode the parent.
Their quantifiers are ACCOUNTING_CONSOLIDATION amounts, not percentages of shares held, so a
GLEIF link is imported as a relationship with no share: it explains a structure and never
adds up toward the 50 percent test by itself. LEI records only name the parties.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from entitylist.dates import optional_date
from entitylist.errors import InputError
from entitylist.ownership.model import OwnedParty, OwnershipImport, OwnershipLink, ShareKind

RR = "{http://www.gleif.org/data/schema/rr/2016}"
LEI = "{http://www.gleif.org/data/schema/leidata/2016}"

KINDS = {
    "IS_DIRECTLY_CONSOLIDATED_BY": ShareKind.CONSOLIDATION,
    "IS_ULTIMATELY_CONSOLIDATED_BY": ShareKind.CONSOLIDATION,
    "IS_INTERNATIONAL_BRANCH_OF": ShareKind.OTHER,
    "IS_FUND-MANAGED_BY": ShareKind.OTHER,
    "IS_SUBFUND_OF": ShareKind.OTHER,
    "IS_FEEDER_TO": ShareKind.OTHER,
}

NOTE = (
    "GLEIF relationship quantifiers measure accounting consolidation, not shares held: "
    "imported as relationships with no percentage (they never add up to 50 % by themselves)"
)


def read(path: Path) -> OwnershipImport:
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}, line {exc.lineno}: not well-formed XML: {exc.msg}") from None
    root = tree.getroot()
    if root.tag == f"{RR}RelationshipData":
        return _relationships(path, root)
    if root.tag == f"{LEI}LEIData":
        return _lei_records(root)
    raise InputError(f"{path}, line 1: not a GLEIF RR-CDF or LEI-CDF file (root {root.tag})")


def _relationships(path: Path, root: etree._Element) -> OwnershipImport:
    links: list[OwnershipLink] = []
    parties: dict[str, OwnedParty] = {}
    records = root.iter(f"{RR}RelationshipRecord")
    for rec in records:
        line = rec.sourceline or 0
        rel = rec.find(f"{RR}Relationship")
        if rel is None:
            raise InputError(f"{path}, line {line}: relationship record without Relationship")
        child = _node(path, line, rel, "StartNode")
        parent = _node(path, line, rel, "EndNode")
        rel_type = rel.findtext(f"{RR}RelationshipType", "").strip()
        status = rel.findtext(f"{RR}RelationshipStatus", "").strip()
        start, end = _period(rel)
        for key in (child, parent):
            parties.setdefault(key, OwnedParty(key=key, identifiers=(key,)))
        links.append(
            OwnershipLink(
                owner=parent,
                owned=child,
                share_low=None,
                share_high=None,
                kind=KINDS.get(rel_type, ShareKind.OTHER),
                source=path.name,
                valid_from=start,
                valid_to=end if status != "ACTIVE" else None,
                relationship=rel_type,
                line=line,
            )
        )
    return OwnershipImport(
        format="gleif", links=links, parties=parties, rows_read=len(links), notes=[NOTE]
    )


def _node(path: Path, line: int, rel: etree._Element, which: str) -> str:
    node = rel.find(f"{RR}{which}")
    ident = node.findtext(f"{RR}NodeID", "").strip() if node is not None else ""
    id_type = node.findtext(f"{RR}NodeIDType", "LEI").strip() if node is not None else ""
    if not ident:
        raise InputError(f"{path}, line {line}, field {which}: no NodeID")
    return f"{id_type}:{ident}"


def _period(rel: etree._Element) -> tuple[date | None, date | None]:
    for period in rel.iter(f"{RR}RelationshipPeriod"):
        if period.findtext(f"{RR}PeriodType", "") == "RELATIONSHIP_PERIOD":
            return _day(period.findtext(f"{RR}StartDate")), _day(period.findtext(f"{RR}EndDate"))
    return None, None


def _lei_records(root: etree._Element) -> OwnershipImport:
    parties: dict[str, OwnedParty] = {}
    for rec in root.iter(f"{LEI}LEIRecord"):
        lei = rec.findtext(f"{LEI}LEI", "").strip()
        entity = rec.find(f"{LEI}Entity")
        if not lei or entity is None:
            continue
        key = f"LEI:{lei}"
        parties[key] = OwnedParty(
            key=key,
            name=entity.findtext(f"{LEI}LegalName"),
            country=entity.findtext(f"{LEI}LegalAddress/{LEI}Country"),
            identifiers=(key,),
            kind=(entity.findtext(f"{LEI}EntityCategory") or "").lower() or None,
        )
    return OwnershipImport(format="gleif", links=[], parties=parties, rows_read=len(parties))


def _day(text: str | None) -> date | None:
    return optional_date(text)
