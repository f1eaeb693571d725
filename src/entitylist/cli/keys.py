"""API key commands: `keys create`, `keys list`, `keys revoke`."""

from __future__ import annotations

from typing import Annotated

import typer

from entitylist.audit import AuditLog
from entitylist.audit.event_data import record_key
from entitylist.auth import ApiKey, KeyStore, Role
from entitylist.cli.actor import current_user
from entitylist.cli.app import command_group, err_console, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import emit, emit_json, listed

keys_app = command_group(
    "keys", "API keys for `entitylist serve`: viewers read and screen, admins may also update."
)


def _keys(ctx: typer.Context) -> KeyStore:
    return KeyStore(state(ctx).store.engine)


def _audit(ctx: typer.Context, event: str, record: ApiKey) -> None:
    """Key events go to the audit log: who made or revoked which key (never the key)."""
    record_key(
        AuditLog(state(ctx).store),
        event,
        key_id=record.id,
        name=record.name,
        role=record.role.value,
        prefix=record.prefix,
        actor=current_user(),
    )


@keys_app.command("create")
def create(
    ctx: typer.Context,
    role: Annotated[Role, typer.Option("--role", help="viewer or admin.")],
    name: Annotated[str | None, typer.Option("--name", help="Who or what uses it.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Create a key and print it once: only its hash is kept."""
    record, key = _keys(ctx).create(role, name)
    _audit(ctx, "created", record)
    if json_:
        emit_json({**record.to_dict(), "key": key})
        return
    print(key)
    err_console.print(
        f"key {record.id} ({record.role}, {record.name!r}) created. "
        "Store it now: it cannot be shown again.",
        highlight=False,
    )


@keys_app.command("list")
def list_(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Every key, active or revoked (never the key itself)."""

    def row(r: ApiKey) -> list[str]:
        status = f"revoked {r.revoked_at.isoformat()[:19]}" if r.revoked_at else "active"
        created = r.created_at.isoformat()[:19]
        return [str(r.id), f"el_{r.prefix}_…", r.name, r.role.value, created, status]

    listed(
        _keys(ctx).list(),
        json_=json_,
        empty="No API keys yet. Create one with `entitylist keys create --role viewer`.",
        columns=("id", "prefix", "name", "role", "created", "status"),
        row=row,
    )


@keys_app.command("revoke")
def revoke(
    ctx: typer.Context,
    key_id: Annotated[int, typer.Argument(metavar="ID", help="The key's id (see `keys list`).")],
    json_: JsonFlag = False,
) -> None:
    """Revoke a key: requests with it are refused from now on."""
    record = _keys(ctx).revoke(key_id)
    _audit(ctx, "revoked", record)
    emit(record.to_dict(), f"key {record.id} ({record.name!r}) revoked", json_=json_)
