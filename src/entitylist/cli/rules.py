"""Rule status commands: show the Affiliates rule's dated status, replace its data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from entitylist.cli.app import command_group, state
from entitylist.cli.options import JsonFlag
from entitylist.cli.output import console, emit_json
from entitylist.dates import parse_day

rules_app = command_group(
    "rules",
    "The Affiliates rule's status by date (reviewed data), and how to update it.",
    invoke_without_command=True,
)


@rules_app.callback()
def show(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--on", metavar="DATE", help="The day (default: today).")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """The rule, its notices, and its status on a day."""
    if ctx.invoked_subcommand is not None:
        return
    from entitylist.rules import load_rule

    rule = load_rule(state(ctx).settings.data_dir)
    day = parse_day(on) if on else date.today()
    answer = rule.on(day)
    if json_:
        emit_json({**answer.to_dict(), "data": rule.data})
        return
    console.print(f"[bold]{rule.data.get('title')}[/] ({rule.citation})")
    console.print(f"effective {rule.effective}; applies to {', '.join(rule.applies_to)}")
    for notice in rule.notices:
        end = notice.end or "further notice"
        console.print(f"  {notice.kind} {notice.start} to {end} ({notice.citation})")
    for tgl in rule.data.get("temporary_general_licences") or []:
        console.print(f"  {tgl['name']} {tgl['from']} to {tgl['to']} ({tgl['citation']})")
    console.print(f"on {day}: {answer.text}")
    console.print(f"[dim]data: {rule.origin}[/]")


@rules_app.command("update")
def update(
    ctx: typer.Context,
    source: Annotated[Path, typer.Option("--from", metavar="FILE", help="Reviewed YAML.")],
) -> None:
    """Replace the rule data with a reviewed file (checked first: a bad file changes nothing)."""
    from entitylist.cli.actor import current_user
    from entitylist.updates.ownership import replace_rule_data

    st = state(ctx)
    rule = replace_rule_data(st.store, st.settings, source, actor=current_user())
    console.print(
        f"rule data updated from {source}: {len(rule.notices)} notices, the newest "
        f"published {rule.newest_notice}"
    )
