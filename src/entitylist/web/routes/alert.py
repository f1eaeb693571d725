"""One alert's page: the party (every version), the entry behind each row (licence
meaning, FR citations), why the rows are one party, the party's other alerts, and the
history of decisions, approvals and comments; the forms that act on it (decide with a
required reason and optional expiry, approve or reject, comment, assign). Each form
posts here and comes back to the page; the library checks roles and four eyes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.auth import Role
from entitylist.errors import EntitylistError
from entitylist.review import workflow
from entitylist.review.approvals import Outcome
from entitylist.review.detail import alert_detail
from entitylist.review.policy import load_policy
from entitylist.service.state import ServiceState
from entitylist.web.decisions import Decision, Reason
from entitylist.web.decisions import decide as decide_alerts
from entitylist.web.deps import Csrf, Service, User, WebUser, check_csrf
from entitylist.web.templating import render

router = APIRouter()
AlertId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@dataclass(frozen=True)
class OnAlert:
    """One alert's page, as a user asked for it: what its forms act on and come back to."""

    request: Request
    user: WebUser
    svc: ServiceState
    alert_id: int

    async def act(self, action: Callable[[], object]) -> Response:
        """Run a workflow call; back to the page on success, the page with the error if
        not."""
        try:
            await run_in_threadpool(action)
        except EntitylistError as exc:
            return await _page(self, error=exc.message, status=exc.status_code)
        return RedirectResponse(f"/alerts/{self.alert_id}", status_code=303)

    async def by_user(self, action: Callable[..., object], *args: Any, **kwargs: Any) -> Response:
        """`act` on a `review.workflow` action on the alert, made by the user (actor and
        role): the library checks the role and four eyes."""
        who = self.user.user
        store, alert_id = self.svc.store, self.alert_id
        return await self.act(
            partial(action, store, alert_id, *args, actor=who.actor, role=who.role, **kwargs)
        )


def on_alert(request: Request, user: User, svc: Service, alert_id: AlertId) -> OnAlert:
    return OnAlert(request, user, svc, alert_id)


ThisAlert = Annotated[OnAlert, Depends(on_alert)]


@router.get("/alerts/{alert_id}")
async def alert_page(here: ThisAlert) -> Response:
    return await _page(here)


async def _page(here: OnAlert, *, error: str | None = None, status: int = 200) -> Response:
    svc, user = here.svc, here.user
    detail = await run_in_threadpool(alert_detail, svc.store, here.alert_id)
    people = await run_in_threadpool(svc.users.list)
    ids = [e["entry_id"] for e in detail["entries"]]
    # The licence requirement and review policy as published, beside the plain words.
    published = {
        s.id: s.entry.licence for s in await run_in_threadpool(svc.store.entries_by_ids, ids)
    }
    alert = detail["alert"]
    policy = load_policy().of(alert["list"])
    role = user.user.role
    context: dict[str, Any] = {
        "d": detail,
        "a": alert,
        "four_eyes": policy.four_eyes,
        "can_decide": role.allows(Role.REVIEWER),
        "can_approve": role.allows(Role.APPROVER) and alert["status"] == "pending_approval",
        "reviewers": [p.username for p in people if p.active and p.role.allows(Role.REVIEWER)],
        "history": history(detail),
        "published": published,
        "error": error,
    }
    return render(here.request, "alert.html", context, status=status, user=user)


def history(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """Decisions, approvals and comments in time order, newest first; the decisions one
    action made on the alert's rows shown as one line."""
    items: dict[tuple[Any, ...], dict[str, Any]] = {}
    for d in detail["decisions"]:
        key = ("decision", d["decided_at"], d["by"], d["verdict"], d["reason"])
        item = items.setdefault(
            key,
            {
                "what": d["verdict"].replace("_", " "),
                "kind": "decision",
                "when": d["decided_at"],
                "by": d["by"],
                "text": d["reason"],
                "expires": d["expires_at"],
                "approval": d["approval"],
                "trusted": d["trusted"],
                "rows": 0,
            },
        )
        item["rows"] += 1
        item["trusted"] = item["trusted"] and d["trusted"]
    for a in detail["approvals"]:
        key = ("approval", a["decided_at"], a["by"], a["outcome"], a["reason"])
        items.setdefault(
            key,
            {
                "what": a["outcome"],
                "kind": "approval",
                "when": a["decided_at"],
                "by": a["by"],
                "text": a["reason"],
            },
        )
    for c in detail["comments"]:
        items[("comment", c["id"])] = {
            "what": "comment",
            "kind": "comment",
            "when": c["created_at"],
            "by": c["by"],
            "text": c["body"],
        }
    return sorted(items.values(), key=lambda i: str(i["when"]), reverse=True)


@router.post("/alerts/{alert_id}/decision")
async def decide(
    request: Request,
    user: User,
    svc: Service,
    *,
    alert_id: AlertId,
    form: Decision,
    csrf: Csrf = "",
) -> Response:
    check_csrf(user.session, csrf)
    here = OnAlert(request, user, svc, alert_id)
    return await here.act(lambda: decide_alerts(svc.store, [alert_id], form, user))


@router.post("/alerts/{alert_id}/approval")
async def approval(
    here: ThisAlert,
    outcome: Annotated[str, Form(max_length=16)] = "approved",
    reason: Reason = "",
    csrf: Csrf = "",
) -> Response:
    check_csrf(here.user.session, csrf)
    chosen: Outcome = "rejected" if outcome == "rejected" else "approved"
    return await here.by_user(workflow.approve, reason, outcome=chosen)


@router.post("/alerts/{alert_id}/comment")
async def comment(here: ThisAlert, body: Reason = "", csrf: Csrf = "") -> Response:
    check_csrf(here.user.session, csrf)
    return await here.by_user(workflow.comment, body)


@router.post("/alerts/{alert_id}/assignment")
async def assignment(
    here: ThisAlert, assignee: Annotated[str, Form(max_length=64)] = "", csrf: Csrf = ""
) -> Response:
    check_csrf(here.user.session, csrf)
    return await here.by_user(workflow.assign, assignee or None)
