"""Regulatory rules whose status changes by date, kept as reviewed data (`data/*.yml`)."""

from __future__ import annotations

from entitylist.rules.status import (
    RuleAnswer,
    RuleStatus,
    affiliates_rule,
    load_rule,
    rule_status_on,
    update_rule,
)

__all__ = [
    "RuleAnswer",
    "RuleStatus",
    "affiliates_rule",
    "load_rule",
    "rule_status_on",
    "update_rule",
]
