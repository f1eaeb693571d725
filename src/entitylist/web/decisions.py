"""The decision form, on one alert's page and on the alerts ticked in the queue: its fields
declared once, and the one library call both pages make with them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form

from entitylist.dates import parse_when
from entitylist.review import workflow
from entitylist.review.alerts import Alert
from entitylist.store import Store
from entitylist.web.deps import WebUser

Reason = Annotated[str, Form(max_length=4000)]


@dataclass(frozen=True)
class DecisionForm:
    verdict: str
    reason: str
    expires: str
    """An optional expiry day as typed; read (and refused if malformed) when deciding."""


def decision_form(
    verdict: Annotated[str, Form(max_length=32)] = "",
    reason: Reason = "",
    expires: Annotated[str, Form(max_length=40)] = "",
) -> DecisionForm:
    return DecisionForm(verdict, reason, expires)


Decision = Annotated[DecisionForm, Depends(decision_form)]


def decide(store: Store, alert_ids: list[int], form: DecisionForm, user: WebUser) -> list[Alert]:
    """The verdict on each alert, as `user` (the library checks the role and four eyes)."""
    until = parse_when(form.expires, end_of_day=True) if form.expires.strip() else None
    return workflow.decide_alerts(
        store,
        alert_ids,
        form.verdict,
        form.reason,
        actor=user.user.actor,
        role=user.user.role,
        expires_at=until,
    )
