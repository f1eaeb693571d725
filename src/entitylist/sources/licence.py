"""Entity List licence wording, as published, classified into `LicenceScope` and `ReviewPolicy`.

Pipeline order: normalise the published text (case, quotes, whitespace, the section sign) ->
try the rules of `data/licence_vocabulary.yml` top to bottom -> the first match gives the
value, no match gives OTHER. The published text is kept beside the value in `Licence`, so a
classification never hides what the list says.

The wording is data, not code: a new spelling is a new line in the YAML file (with `why` and
an example, which the tests check), not a new branch here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from entitylist.model import Licence, LicenceScope, ReviewPolicy
from entitylist.packaged import packaged_yaml, reviewed_mapping

VOCABULARY_RESOURCE = "data/licence_vocabulary.yml"


@dataclass(frozen=True, slots=True)
class Rule:
    """One reviewed wording: `pattern` (searched in normalised text) -> `value`.

    `requirement`, on a policy rule, must also be found in the normalised requirement text:
    some rows type half of the review policy into the requirement column.
    """

    pattern: re.Pattern[str]
    value: LicenceScope | ReviewPolicy
    why: str
    requirement: re.Pattern[str] | None = None
    examples: tuple[str, ...] = ()
    requirement_example: str | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    scope: tuple[Rule, ...]
    policy: tuple[Rule, ...]


def parse_licence(requirement_text: str | None, policy_text: str | None) -> Licence:
    """The published licence requirement and review policy, classified (OTHER when unknown)."""
    requirement = (requirement_text or "").strip()
    policy = (policy_text or "").strip()
    return Licence(
        requirement_text=requirement,
        scope=classify_scope(requirement),
        policy_text=policy,
        policy=classify_policy(policy, requirement),
    )


def classify_scope(requirement_text: str) -> LicenceScope:
    rule = match_rule(vocabulary().scope, requirement_text)
    return rule.value if isinstance(rule.value, LicenceScope) else LicenceScope.OTHER


def classify_policy(policy_text: str, requirement_text: str = "") -> ReviewPolicy:
    rule = match_rule(vocabulary().policy, policy_text, requirement_text)
    return rule.value if isinstance(rule.value, ReviewPolicy) else ReviewPolicy.OTHER


_NO_MATCH = Rule(pattern=re.compile(r"(?!)"), value=LicenceScope.OTHER, why="no rule matched")


def match_rule(rules: tuple[Rule, ...], text: str, requirement_text: str = "") -> Rule:
    """The first rule matching `text` (and, where the rule asks, the requirement text)."""
    normal = normalise(text)
    if not normal:
        return _NO_MATCH
    normal_requirement = normalise(requirement_text)
    for rule in rules:
        if not rule.pattern.search(normal):
            continue
        if rule.requirement is not None and not rule.requirement.search(normal_requirement):
            continue
        return rule
    return _NO_MATCH


_SPACES = re.compile(r"\s+")
# "§ 744.11", "§?744.11" (a mangled non-breaking space), "part§744.11" -> "§744.11";
# "§§ 746.8(b)" keeps its double sign but loses the gap.
_SECTION = re.compile(r"(?:part\s*)?(§+)[\s?]*(?=\d)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """The form the vocabulary's patterns are written against (see the YAML header)."""
    folded = _SPACES.sub(" ", text.translate(_QUOTES)).strip().casefold()
    return _SECTION.sub(r"\1", folded)


@cache
def vocabulary() -> Vocabulary:
    """The reviewed rules, read once from the package resource."""
    return load_vocabulary(packaged_yaml("entitylist.sources", VOCABULARY_RESOURCE))


def load_vocabulary(data: Any) -> Vocabulary:
    """Build the rules from the parsed YAML; a bad rule fails loudly with its position."""
    rules = reviewed_mapping(data, VOCABULARY_RESOURCE, "a mapping with 'scope' and 'policy'")
    return Vocabulary(
        scope=tuple(
            _rule(item, "scope", LicenceScope, i) for i, item in enumerate(rules.get("scope", []))
        ),
        policy=tuple(
            _rule(item, "policy", ReviewPolicy, i) for i, item in enumerate(rules.get("policy", []))
        ),
    )


def _rule(
    item: Any, kind: str, values: type[LicenceScope] | type[ReviewPolicy], index: int
) -> Rule:
    where = f"{VOCABULARY_RESOURCE}: {kind}[{index}]"
    if not isinstance(item, dict) or "pattern" not in item or kind not in item:
        raise ValueError(f"{where}: each rule needs 'pattern' and '{kind}'")
    try:
        value = values(item[kind])
        pattern = re.compile(str(item["pattern"]))
        requirement = re.compile(str(item["requirement"])) if item.get("requirement") else None
    except (ValueError, re.error) as exc:
        raise ValueError(f"{where}: {exc}") from exc
    return Rule(
        pattern=pattern,
        value=value,
        why=str(item.get("why", "")),
        requirement=requirement,
        examples=tuple(str(e) for e in item.get("examples", ())),
        requirement_example=item.get("requirement_example"),
    )
