"""One alert's page: the party (every version), the entry behind each row (licence
meaning, FR citations), why the rows are one party, the party's other alerts, and the
history of decisions, approvals and comments; the forms that act on it (decide with a
required reason and optional expiry, approve or reject, comment, assign). Each form
posts here and comes back to the page; the library checks roles and four eyes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from entitylist.auth import Role
from entitylist.errors import EntitylistError
from entitylist.review import workflow
from entitylist.review.approvals import Outcome
from entitylist.review.detail import alert_detail
from entitylist.review.policy import load_policy
from entitylist.web.decisions import Decision, Reason
from entitylist.web.decisions import decide as decide_alerts
from entitylist.web.deps import Csrf, Service, User, WebUser, check_csrf
from entitylist.web.templating import render

router = APIRouter()
AlertId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/alerts/{alert_id}")
async def alert_page(request: Request, user: User, svc: Service, alert_id: AlertId) -> Response:
    return await _page(request, user, svc, alert_id)


async def _page(
    request: Request,
    user: WebUser,
    svc: Service,
    alert_id: int,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    detail = await run_in_threadpool(alert_detail, svc.store, alert_id)
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
    return render(request, "alert.html", context, status=status, user=user)


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


async def _act(
    request: Request,
    user: WebUser,
    svc: Service,
    alert_id: int,
    action: Callable[[], object],
) -> Response:
    """Run a workflow call; back to the page on success, the page with the error if not."""
    try:
        await run_in_threadpool(action)
    except EntitylistError as exc:
        return await _page(request, user, svc, alert_id, error=exc.message, status=exc.status_code)
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


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
    return await _act(
        request, user, svc, alert_id, lambda: decide_alerts(svc.store, [alert_id], form, user)
    )


@router.post("/alerts/{alert_id}/approval")
async def approval(
    request: Request,
    user: User,
    svc: Service,
    *,
    alert_id: AlertId,
    outcome: Annotated[str, Form(max_length=16)] = "approved",
    reason: Reason = "",
    csrf: Csrf = "",
) -> Response:
    check_csrf(user.session, csrf)
    chosen: Outcome = "rejected" if outcome == "rejected" else "approved"
    return await _act(
        request,
        user,
        svc,
        alert_id,
        lambda: workflow.approve(
            svc.store,
            alert_id,
            reason,
            actor=user.user.actor,
            role=user.user.role,
            outcome=chosen,
        ),
    )


@router.post("/alerts/{alert_id}/comment")
async def comment(
    request: Request,
    user: User,
    svc: Service,
    alert_id: AlertId,
    body: Reason = "",
    csrf: Csrf = "",
) -> Response:
    check_csrf(user.session, csrf)
    return await _act(
        request,
        user,
        svc,
        alert_id,
        lambda: workflow.comment(
            svc.store, alert_id, body, actor=user.user.actor, role=user.user.role
        ),
    )


@router.post("/alerts/{alert_id}/assignment")
async def assignment(
    request: Request,
    user: User,
    svc: Service,
    alert_id: AlertId,
    assignee: Annotated[str, Form(max_length=64)] = "",
    csrf: Csrf = "",
) -> Response:
    check_csrf(user.session, csrf)
    return await _act(
        request,
        user,
        svc,
        alert_id,
        lambda: workflow.assign(
            svc.store, alert_id, assignee or None, actor=user.user.actor, role=user.user.role
        ),
    )
