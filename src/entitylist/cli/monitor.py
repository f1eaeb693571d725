"""Monitoring commands: `monitor run`, `monitor deliver`, `monitor hits`, `monitor runs`,
`monitor events`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from entitylist.cli.actor import current_user
from entitylist.cli.app import command_group, state
from entitylist.cli.engines import chosen_engine
from entitylist.cli.options import (
    EngineOption,
    JsonFlag,
    MasterOption,
    PartitionRowsOption,
    SparkConfOption,
)
from entitylist.cli.output import console, emit_json, listed, progress_bar

if TYPE_CHECKING:
    from entitylist.monitoring import MonitorReport
    from entitylist.monitoring.run_tables import RunInfo

monitor_app = command_group(
    "monitor", "Screen the monitored parties again and report what changed."
)

SECRET_ENV = "ENTITYLIST_WEBHOOK_SECRET"

WebhookSecretOption = Annotated[
    str | None,
    typer.Option(
        "--webhook-secret",
        envvar=SECRET_ENV,
        show_envvar=True,
        help="The HMAC-SHA256 signing secret shared with the receiver.",
    ),
]


@monitor_app.command("run")
def run(
    ctx: typer.Context,
    *,
    json_: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    digest: Annotated[
        Path | None,
        typer.Option("--digest", metavar="FILE.md|FILE.html", help="Also write a digest file."),
    ] = None,
    webhook: Annotated[
        str | None,
        typer.Option("--webhook", metavar="URL", help="POST the report as JSON, HMAC-signed."),
    ] = None,
    webhook_secret: WebhookSecretOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Processes (0, the default: one per core).")
    ] = 0,
    engine: EngineOption = "local",
    master: MasterOption = None,
    spark_conf: SparkConfOption = None,
    partition_rows: PartitionRowsOption = None,
) -> None:
    """Screen every monitored party that needs it; report only what is new or changed."""
    # Imported per command (here and below): --help needs neither the store nor matching.
    from entitylist.monitoring.notify import Outputs, check_delivered, run_and_notify

    outputs = Outputs(digest, webhook, webhook_secret)
    Outputs(digest).check()  # a bad digest name is the first complaint, as it always was
    if webhook and not webhook_secret:
        raise typer.BadParameter(f"--webhook needs --webhook-secret (or ${SECRET_ENV})")
    outputs.check()  # before the engine starts (Spark's may take a while)
    st = state(ctx)
    with progress_bar("screening", disable=json_) as bar:
        task = bar.add_task("screening", total=None)
        report = run_and_notify(
            st.store,
            st.settings,
            outputs,
            actor=current_user(),
            workers=workers or (os.cpu_count() or 1),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            engine=chosen_engine(st, engine, master, spark_conf, partition_rows),
        )
    if json_:
        emit_json(report.to_dict())
    else:
        print_report(report, digest)
    check_delivered(report)


@monitor_app.command("deliver")
def deliver(
    ctx: typer.Context,
    webhook_secret: WebhookSecretOption = None,
    json_: JsonFlag = False,
) -> None:
    """Deliver the webhook notifications still pending in the outbox (at least once: each
    carries a stable event id for the receiver to drop repeats); exit 1 if any is not."""
    from entitylist.monitoring.notify import check_sent, deliver_outbox

    if not webhook_secret:
        raise typer.BadParameter(f"deliver needs --webhook-secret (or ${SECRET_ENV})")
    result = deliver_outbox(state(ctx).store, webhook_secret, actor=current_user())
    if json_:
        emit_json(result.to_dict())
    else:
        for s in result.sent:
            d = s.delivery
            what = "delivered" if d.delivered else f"NOT delivered ({d.error}), {s.status}"
            console.print(f"run {s.row.run_id} event {s.row.event_id}: {what}")
        console.print(f"{len(result.sent)} sent, {result.pending} pending")
    check_sent(result)


def print_report(report: MonitorReport, digest: Path | None) -> None:
    from entitylist.monitoring.digest import grouped, headline

    run = report.run
    console.print(
        f"[bold]monitoring run {run.id}[/]: {run.parties} parties, {run.screened} "
        f"screened{' (lists changed)' if report.full_rescreen else ''}"
    )
    console.print(headline(report))
    for _, title, events in grouped(report.events):
        table = Table("party", "entry", "list", "score", "why", title=f"{title} ({len(events)})")
        for e in events[:50]:
            score = f"[bold red]{e['score']:.2f}[/]" if e["alert"] else f"{e['score']:.2f}"
            table.add_row(
                f"{e['party'].get('name', '')}\n[dim]{e['party']['id']}[/]",
                f"{e['entry'].get('name', e['entry']['key'])}\n"
                f"[dim]entry {e['entry']['entry_id']}[/]",
                e["entry"]["list"],
                score,
                e["summary"],
            )
        console.print(table)
        if len(events) > 50:
            console.print(f"... and {len(events) - 50} more; use --json or --digest for all")
    console.print(
        f"{report.open_hits} open hits, {report.open_alerts} alerts"
        + (f"; digest in {digest}" if digest else "")
    )
    if report.delivery:
        d = report.delivery
        state_text = "delivered" if d["delivered"] else f"NOT delivered ({d['error']})"
        console.print(f"webhook {d['url']}: {state_text} after {d['attempts']} attempt(s)")


@monitor_app.command("hits")
def hits(
    ctx: typer.Context,
    party: Annotated[str | None, typer.Option("--party", help="One party id.")] = None,
    alerts: Annotated[bool, typer.Option("--alerts", help="Only alerts.")] = False,
    json_: JsonFlag = False,
) -> None:
    """The hits in force after the newest run, with the decision that applies to each."""
    from entitylist.monitoring.views import current_hits

    found = current_hits(state(ctx).store, party, alerts_only=alerts)
    if json_:
        emit_json(found)
        return
    table = Table("party", "score", "list", "entry", "entry id", "decision")
    for h in found:
        d = h["decision"]
        table.add_row(
            h["party_id"],
            f"{h['score']:.2f}" + (" !" if h["alert"] else ""),
            h["entry"]["list"],
            h["entry"].get("name", h["entry"]["key"]),
            str(h["entry"]["entry_id"]),
            f"#{d['id']} {d['verdict']}" if d else "",
        )
    console.print(table)


@monitor_app.command("runs")
def runs_(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most this many runs, newest.")
    ] = 20,
    json_: JsonFlag = False,
) -> None:
    """The newest monitoring runs, with their snapshots and counts."""
    from entitylist.monitoring.views import runs

    def row(r: RunInfo) -> list[str]:
        snaps = ", ".join(f"{s} #{i['id']}" for s, i in sorted(r.snapshots.items()))
        reported = sum(
            v for k, v in r.counts.items() if k not in ("parties", "screened", "already_decided")
        )
        finished = r.finished_at.isoformat()[:19]
        return [str(r.id), finished, str(r.parties), str(r.screened), snaps, str(reported)]

    columns = ("run", "finished", "parties", "screened", "snapshots", "reported")
    listed(runs(state(ctx).store, limit), json_=json_, columns=columns, row=row)


@monitor_app.command("events")
def events(
    ctx: typer.Context,
    run_id: Annotated[
        int, typer.Argument(metavar="RUN_ID", help="The run's id (see `monitor runs`).")
    ],
) -> None:
    """What one run reported, as JSON (as delivered)."""
    from entitylist.monitoring.views import run_events

    emit_json(run_events(state(ctx).store, run_id))
