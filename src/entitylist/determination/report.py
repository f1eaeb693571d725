"""How every Entity List row of a list was read: scope and policy classified, footnotes and
terms recognised, and each text still `other` shown (the vocabulary's open work)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from entitylist.model import Entry, LicenceScope, ReviewPolicy
from entitylist.sources.licence_terms import terms_of


@dataclass
class ClassificationReport:
    rows: int = 0
    scope: Counter[str] = field(default_factory=Counter)
    policy: Counter[str] = field(default_factory=Counter)
    footnotes: Counter[int] = field(default_factory=Counter)
    fdp_rules: Counter[str] = field(default_factory=Counter)
    terms: Counter[str] = field(default_factory=Counter)
    scope_other: Counter[str] = field(default_factory=Counter)
    policy_other: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown_footnotes: Counter[tuple[int, str]] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "scope": dict(self.scope.most_common()),
            "policy": dict(self.policy.most_common()),
            "footnotes": {str(k): v for k, v in sorted(self.footnotes.items())},
            "foreign_direct_product_rules": dict(sorted(self.fdp_rules.items())),
            "terms": dict(self.terms.most_common()),
            "scope_other": [{"text": t, "rows": n} for t, n in self.scope_other.most_common()],
            "policy_other": [
                {"text": t, "requirement": r, "rows": n}
                for (t, r), n in self.policy_other.most_common()
            ],
            "unknown_footnotes": [
                {"footnote": f, "text": t, "rows": n}
                for (f, t), n in self.unknown_footnotes.most_common()
            ],
        }


def classification_report(entries: Iterable[Entry], list_code: str = "EL") -> ClassificationReport:
    report = ClassificationReport()
    for entry in entries:
        if entry.list_code != list_code:
            continue
        report.rows += 1
        licence = entry.licence
        scope = licence.scope if licence else LicenceScope.OTHER
        policy = licence.policy if licence else ReviewPolicy.OTHER
        report.scope[str(scope)] += 1
        report.policy[str(policy)] += 1
        requirement = licence.requirement_text if licence else ""
        if scope is LicenceScope.OTHER:
            report.scope_other[requirement] += 1
        if policy is ReviewPolicy.OTHER:
            report.policy_other[(licence.policy_text if licence else "", requirement)] += 1
        terms = terms_of(licence)
        report.footnotes.update(terms.footnotes)
        report.fdp_rules.update(terms.fdp_paragraphs)
        report.terms.update(terms.terms)
        report.unknown_footnotes.update((n, requirement) for n in terms.unknown_footnotes)
    return report
