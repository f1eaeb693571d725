"""The review policy per list (reviewed data, `data/review_policy.yml`): four eyes on false
positives, and the list's severity for the queue's order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from entitylist.packaged import packaged_yaml


@dataclass(frozen=True, slots=True)
class ListPolicy:
    list_code: str
    four_eyes: bool
    severity: int
    why: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewPolicy:
    default: ListPolicy
    lists: dict[str, ListPolicy]

    def of(self, list_code: str) -> ListPolicy:
        found = self.lists.get(list_code.upper())
        if found is not None:
            return found
        return ListPolicy(list_code.upper(), self.default.four_eyes, self.default.severity)

    def needs_approval(self, list_code: str, *, alert_level: bool) -> bool:
        """A false positive on an alert-level hit of a four-eyes list waits for an approver."""
        return alert_level and self.of(list_code).four_eyes


def parse_policy(data: Any, where: str) -> ReviewPolicy:
    """The policy from its YAML form; a list without a boolean `four_eyes` is refused."""

    def one(code: str, item: Any) -> ListPolicy:
        if not isinstance(item, dict) or not isinstance(item.get("four_eyes"), bool):
            raise ValueError(f"{where}: {code}: four_eyes must be true or false")
        severity = item.get("severity", 1)
        if not isinstance(severity, int):
            raise ValueError(f"{where}: {code}: severity must be a whole number")
        why = " ".join(str(item.get("why", "")).split())
        return ListPolicy(code, item["four_eyes"], severity, why, tuple(item.get("citations", ())))

    default = one("default", data.get("default"))
    lists = {str(c).upper(): one(str(c).upper(), v) for c, v in (data.get("lists") or {}).items()}
    return ReviewPolicy(default, lists)


@cache
def load_policy() -> ReviewPolicy:
    data = packaged_yaml("entitylist.review", "data/review_policy.yml")
    return parse_policy(data, "review_policy.yml")
