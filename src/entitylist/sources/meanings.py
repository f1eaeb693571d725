"""What a hit on each list means, read from the reviewed `data/list_meanings.yml`.

The meanings are data with citations (see the YAML header); this module only loads and
checks them. Every hit shows its list's meaning (`ListMeaning.summary`), and the shipment
determination (entitylist.determination) applies each list's `rule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from entitylist.model import ReviewPolicy, json_fields
from entitylist.packaged import packaged_yaml, reviewed_mapping

MEANINGS_RESOURCE = "data/list_meanings.yml"

EFFECTS = frozenset(
    {
        "licence_required",
        "prohibited",
        "statement_required",
        "no_export_licence",
        "needs_classification",
    }
)
RULES = frozenset(
    {
        "entity_list",
        "military_end_user",
        "unverified",
        "denial",
        "blocked",
        "itar_debarment",
        "no_export_licence",
        "classify",
    }
)
_REQUIRED: tuple[str, ...] = (
    *("title", "authority", "regulation", "effect", "rule", "prohibits", "items"),
    *("licence_exceptions", "plain", "citations", "example"),
)


@dataclass(frozen=True, slots=True)
class ListMeaning:
    """One list's effect, in the regulation's terms and in one plain sentence."""

    code: str
    title: str
    authority: str
    regulation: str
    effect: str
    rule: str
    prohibits: str
    items: str
    licence_exceptions: str
    plain: str
    citations: tuple[str, ...]
    example_case: str
    example_outcome: str
    reason: str | None = None

    def summary(self) -> dict[str, Any]:
        """What every hit shows: the plain meaning, the regulation and its citations."""
        return json_fields(self, "effect", "plain", "regulation", "citations")


@dataclass(frozen=True, slots=True)
class ProgrammeRule:
    """An SDN programme tag that carries an EAR licence requirement of its own."""

    tag: str
    citation: str
    requirement: str
    policy: ReviewPolicy


@dataclass(frozen=True, slots=True)
class Meanings:
    lists: dict[str, ListMeaning]
    sdn_programmes: dict[str, ProgrammeRule]

    def get(self, code: str) -> ListMeaning | None:
        return self.lists.get(code)


@cache
def meanings() -> Meanings:
    """The reviewed meanings, read once from the package resource."""
    return load_meanings(packaged_yaml("entitylist.sources", MEANINGS_RESOURCE))


def meaning_of(code: str) -> ListMeaning | None:
    return meanings().get(code)


def load_meanings(data: Any) -> Meanings:
    """Build and check the meanings; a bad one fails loudly with its list code and field."""
    declared = reviewed_mapping(data, MEANINGS_RESOURCE, "a mapping of list codes")
    programmes = declared.get("sdn_programmes", {})
    lists = {str(k): _meaning(str(k), v) for k, v in declared.items() if k != "sdn_programmes"}
    return Meanings(
        lists=lists,
        sdn_programmes={str(tag): _programme(str(tag), v) for tag, v in programmes.items()},
    )


def _meaning(code: str, item: Any) -> ListMeaning:
    where = f"{MEANINGS_RESOURCE}: {code}"
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected a mapping")
    missing = [f for f in _REQUIRED if not item.get(f)]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if item["effect"] not in EFFECTS:
        raise ValueError(f"{where}: effect {item['effect']!r} is not one of {sorted(EFFECTS)}")
    if item["rule"] not in RULES:
        raise ValueError(f"{where}: rule {item['rule']!r} is not one of {sorted(RULES)}")
    if item["effect"] == "needs_classification" and not item.get("reason"):
        raise ValueError(f"{where}: a needs_classification list must say why (reason)")
    example = item["example"]
    return ListMeaning(
        code=code,
        title=str(item["title"]),
        authority=str(item["authority"]),
        regulation=str(item["regulation"]),
        effect=str(item["effect"]),
        rule=str(item["rule"]),
        prohibits=str(item["prohibits"]),
        items=str(item["items"]),
        licence_exceptions=str(item["licence_exceptions"]),
        plain=str(item["plain"]),
        citations=tuple(str(c) for c in item["citations"]),
        example_case=str(example["case"]),
        example_outcome=str(example["outcome"]),
        reason=str(item["reason"]) if item.get("reason") else None,
    )


def _programme(tag: str, item: Any) -> ProgrammeRule:
    where = f"{MEANINGS_RESOURCE}: sdn_programmes.{tag}"
    try:
        return ProgrammeRule(
            tag=tag,
            citation=str(item["citation"]),
            requirement=str(item["requirement"]),
            policy=ReviewPolicy(item["policy"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc
