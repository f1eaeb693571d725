"""List commands: update, lists, snapshots, show, history, diff."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from entitylist.audit import AuditLog
from entitylist.cli.actor import current_user
from entitylist.cli.app import app, state
from entitylist.cli.options import JsonFlag, SourceOption
from entitylist.cli.output import console, emit_json, progress_bar
from entitylist.dates import parse_when
from entitylist.reports.timeline import entry_history
from entitylist.settings import Settings
from entitylist.store import Diff, Store, StoredEntry
from entitylist.store.diff import shown
from entitylist.updates.lists import update_source

if TYPE_CHECKING:
    from entitylist.federal_register.rules import RuleIndex
    from entitylist.store import UpdateOutcome

SOURCE_NAMES = "csl|ofac|ofac-cons|dpl|un|ftm|ftm:CODE"

# Fault injection for the crash-safety test: pause (seconds) inside the update transaction,
# after the first chunk of entries is written, so a test can kill a real update process.
PAUSE_ENV = "ENTITYLIST_TEST_PAUSE_IN_UPDATE"

ForceFlag = Annotated[
    bool, typer.Option("--force", help="Accept a list that shrank beyond the bound.")
]
AcceptTruncatedFlag = Annotated[
    bool,
    typer.Option(
        "--accept-truncated",
        help="Accept a file that ends inside a quoted field (refused by default as a "
        "truncated download); the cut record is kept and reported.",
    ),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="DATE",
        help="When this version was published (YYYY-MM-DD), for loading a "
        "historic vintage; default: now. `--as-of` screening goes by it.",
    ),
]

EntryIdent = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE_ID_OR_ENTRY_ID", help="The source's own id of the entry, or its stored id."
    ),
]


@app.command()
def update(
    ctx: typer.Context,
    *,
    source: Annotated[str, typer.Option("--source", "-s", help=f"One of {SOURCE_NAMES}.")] = "csl",
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help="Load from this file, directory or URL instead of the official download."
        ),
    ] = None,
    force: ForceFlag = False,
    accept_truncated: AcceptTruncatedFlag = False,
    published: PublishedOption = None,
    json_: JsonFlag = False,
) -> None:
    """Download (or load) a list and keep it as a new snapshot; refuse a broken one."""
    st = state(ctx)
    pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
    with progress_bar(f"writing {source}", disable=json_ or not sys.stderr.isatty()) as bar:
        task = bar.add_task(f"writing {source}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if pause:
                print(f"paused in update after {done} entries", file=sys.stderr, flush=True)
                time.sleep(pause)

        outcome = update_source(
            st.store,
            st.settings,
            source,
            from_,
            force=force,
            accept_truncated=accept_truncated,
            progress=progress,
            published_at=parse_when(published) if published else None,
            audit=AuditLog(st.store),
            actor=current_user(),
        )
    if outcome.status == "created":
        _cache_index(st.store, st.settings)
    if json_:
        emit_json(outcome.to_dict())
        return
    console.print(f"store: {st.settings.store_location}", highlight=False)
    _print_outcome(outcome, source)


def _print_outcome(outcome: UpdateOutcome, source: str) -> None:
    """What an update did, for people: the snapshot, what was not an entry, the previous."""
    snap = outcome.snapshot
    if outcome.status == "unchanged":
        console.print(f"{source}: unchanged since snapshot {snap.id} ({snap.entry_count} entries)")
        return
    counts = ", ".join(f"{k} {v}" for k, v in snap.counts.items())
    console.print(f"{source}: snapshot {snap.id} with {snap.entry_count} entries ({counts})")
    if snap.skipped:
        console.print(f"  {len(snap.skipped)} published rows were not entries:")
        for s in snap.skipped[:10]:
            console.print(f"    {s['file']} line {s['line']}: {s['reason']}")
    if outcome.previous:
        console.print(
            f"  previous snapshot {outcome.previous.id}: "
            f"{outcome.previous.entry_count} entries. "
            f"See `entitylist diff --source {source}`."
        )


def _cache_index(store: Store, settings: Settings) -> None:
    """Build the screening index over the lists now in force and cache it, here rather than
    in a running service, which then only loads the file (no stall while an update lands)."""
    from entitylist.screening.index_cache import build_cached

    current = store.current()
    if current:
        build_cached(store, settings, current)


@app.command("lists")
def lists_(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """The lists in force: one row per list code and source, with its snapshot."""
    st = state(ctx)
    rows = st.store.lists()
    if json_:
        emit_json(rows)
        return
    console.print(f"store: {st.settings.store_location}", highlight=False)
    if not rows:
        console.print("No list loaded yet. Run `entitylist update` (or `--from FILE`).")
        return
    table = Table("list", "source", "entries", "snapshot", "published", "retrieved at")
    for r in rows:
        table.add_row(
            r["list"],
            r["source"],
            str(r["entries"]),
            str(r["snapshot"]),
            r["publication"],
            r["retrieved_at"][:19],
        )
    console.print(table)


@app.command()
def snapshots(
    ctx: typer.Context,
    source: SourceOption = None,
    json_: JsonFlag = False,
) -> None:
    """Every snapshot kept, oldest first."""
    snaps = state(ctx).store.snapshots(source)
    if json_:
        emit_json([s.to_dict() for s in snaps])
        return
    table = Table(
        "id", "source", "published", "retrieved at", "entries", "skipped", "sha256", "origin"
    )
    for s in snaps:
        table.add_row(
            str(s.id),
            s.source,
            s.publication,
            s.retrieved_at.isoformat()[:19],
            str(s.entry_count),
            str(len(s.skipped)),
            s.sha256[:12],
            s.origin,
        )
    console.print(table)


@app.command()
def show(
    ctx: typer.Context,
    ident: EntryIdent,
    source: SourceOption = None,
    json_: JsonFlag = False,
) -> None:
    """One entry, whole: names, addresses, programs, licence requirement and policy."""
    from entitylist.federal_register.listing import listing_date
    from entitylist.updates.federal_register import rule_index

    store = state(ctx).store
    stored = store.get(ident, source=source)
    rules = rule_index(store)
    if json_:
        listed = listing_date(stored.entry, rules)
        emit_json(
            {
                **stored.to_dict(),
                "federal_register": rules.citations(stored.entry),
                "listed": listed.to_dict() if listed else None,
            }
        )
        return
    print_entry(stored, rules)


def print_entry(stored: StoredEntry, rules: RuleIndex | None = None) -> None:
    from entitylist.federal_register.listing import listing_date

    e = stored.entry
    listed = listing_date(e, rules) if rules is not None else None
    console.print(
        f"[bold]{e.name}[/]  [dim]{e.list_code} · {stored.source} · entry {stored.id}"
        f" · source id {e.source_id}[/]"
    )
    rows: list[tuple[str, Any]] = [
        ("type", e.entry_type),
        ("aliases", "; ".join(e.aliases)),
        ("countries", ", ".join(e.countries)),
        ("programs", ", ".join(e.programs)),
        ("start date", e.start_date),
        ("listed", listed.describe() if listed and listed.derived else None),
        ("end date", e.end_date),
        ("citations", "; ".join(c.text for c in e.citations)),
    ]
    if rules is not None and len(rules):
        rows += [("Federal Register", "\n".join(rules.describe(e)))]
    if e.licence:
        rows += [
            ("licence requirement", f"{e.licence.requirement_text}  [{e.licence.scope}]"),
            ("review policy", f"{e.licence.policy_text}  [{e.licence.policy}]"),
            ("in plain words", e.licence.describe()),
        ]
    rows += [("remarks", e.remarks), ("sources", " ".join(e.source_urls))]
    table = Table(show_header=False, box=None)
    for label, value in rows:
        if value:
            table.add_row(f"[dim]{label}[/]", str(value))
    for i, a in enumerate(e.addresses):
        table.add_row("[dim]address[/]" if i == 0 else "", a.text)
    console.print(table)


@app.command()
def history(
    ctx: typer.Context,
    ident: EntryIdent,
    source: SourceOption = None,
    json_: JsonFlag = False,
) -> None:
    """The snapshots an entry appears in, first and last seen, start date, citations."""
    store = state(ctx).store
    stored = store.get(ident, source=source)
    found = entry_history(store, stored)
    e = stored.entry
    if json_:
        emit_json({**stored.brief(), **found.to_dict()})
        return
    console.print(f"[bold]{e.name}[/] ({e.list_code}, {stored.source} {stored.key})")
    citations = "; ".join(c.text for c in e.citations)
    console.print(f"start date {e.start_date}; citations: {citations}")
    table = Table("snapshot", "published", "listed", "entry id", "content")
    for row in found.rows:
        table.add_row(
            str(row.snapshot.id),
            row.snapshot.published_label,
            "yes" if row.present else "no",
            str(row.entry_id or ""),
            "changed" if row.changed else "",
        )
    console.print(table)


@app.command()
def diff(
    ctx: typer.Context,
    source: Annotated[str, typer.Option("--source", "-s", help=SOURCE_NAMES)],
    from_: Annotated[int | None, typer.Option("--from", help="Older snapshot id.")] = None,
    to: Annotated[int | None, typer.Option("--to", help="Newer snapshot id.")] = None,
    json_: JsonFlag = False,
) -> None:
    """What was added, removed and changed between two snapshots (default: the newest two)."""
    result = state(ctx).store.diff(source, from_, to)
    if json_:
        emit_json(result.to_dict())
        return
    print_diff(result)


def print_diff(d: Diff) -> None:
    console.print(
        f"[bold]{d.source}[/]: snapshot {d.from_snapshot.id} ({d.from_snapshot.entry_count}) -> "
        f"{d.to_snapshot.id} ({d.to_snapshot.entry_count}): [green]+{len(d.added)}[/] "
        f"[red]-{len(d.removed)}[/] [yellow]~{len(d.changed)}[/]"
    )
    table = Table("list", "added", "removed", "changed", title="by list")
    for code, c in d.counts["by_list"].items():
        table.add_row(code, str(c["added"]), str(c["removed"]), str(c["changed"]))
    console.print(table)
    for label, group, colour in (("added", d.added, "green"), ("removed", d.removed, "red")):
        for s in group[:50]:
            console.print(
                f"[{colour}]{label}[/] {s.entry.list_code} {s.entry.name} "
                f"({', '.join(s.entry.countries)})"
            )
        if len(group) > 50:
            console.print(f"... and {len(group) - 50} more {label}; use --json for all")
    for changed in d.changed[:50]:
        after = changed.after.entry
        console.print(f"[yellow]changed[/] {after.list_code} {after.name}")
        for f in changed.fields:
            console.print(f"    {f.label}: {shown(f.before)} -> {shown(f.after)}")
    if len(d.changed) > 50:
        console.print(f"... and {len(d.changed) - 50} more changed; use --json for all")
