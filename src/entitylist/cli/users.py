"""User commands: `users create`, `users list`, `users disable` (people; keys are machines)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from entitylist.audit.actors import Actor
from entitylist.auth import Role, User, UserStore
from entitylist.cli.app import command_group, err_console, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import emit, emit_json, listed

users_app = command_group(
    "users", "People who log in to the web UI: viewer, reviewer, approver or admin."
)


Username = Annotated[str, typer.Argument(metavar="NAME", help="The username.")]


def _users(ctx: typer.Context) -> UserStore:
    return UserStore(state(ctx).store)


@users_app.command("create")
def create(
    ctx: typer.Context,
    username: Username,
    role: Annotated[Role, typer.Option("--role", help="viewer, reviewer, approver or admin.")],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """Create a user. Without --password-stdin a password is generated and printed once."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    user, generated = _users(ctx).create(username, role, Actor.os_user(), password)
    if json_:
        emit_json({**user.to_dict(), "password": generated})
        return
    if generated is not None:
        print(generated)
    shown = " Store the password now: it cannot be shown again." if generated else ""
    err_console.print(f"user {user.username!r} ({user.role}) created.{shown}", highlight=False)


@users_app.command("list")
def list_(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Every user, active or disabled (never a password)."""

    def row(r: User) -> list[str]:
        status = f"disabled {r.disabled_at.isoformat()[:19]}" if r.disabled_at else "active"
        return [str(r.id), r.username, r.role.value, r.created_at.isoformat()[:19], status]

    listed(
        _users(ctx).list(),
        json_=json_,
        empty="No users yet. Create one with `entitylist users create NAME --role admin`.",
        columns=("id", "username", "role", "created", "status"),
        row=row,
    )


@users_app.command("disable")
def disable(
    ctx: typer.Context,
    username: Username,
    json_: JsonFlag = False,
) -> None:
    """Disable a user: their sessions end now and they can no longer log in."""
    user = _users(ctx).disable(username, Actor.os_user())
    emit(user.to_dict(), f"user {user.username!r} disabled", json_=json_)
