"""A monitoring report as a digest a person reads: Markdown or HTML, chosen by extension.

Alerts first, then by score; each event says who, which entry on which list, the score,
why it matched and what changed. Hits already decided are counted, not listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from entitylist.errors import InputError
from entitylist.monitoring.delta import KIND_ORDER
from entitylist.monitoring.report import KIND_TITLES, MonitorReport
from entitylist.sources.meanings import meaning_of

FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def digest_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(f"{path}: a digest is written as .md or .html") from None


def grouped(events: Iterable[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(kind, title, events) in report order; alerts first, then by score, within a kind."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        by_kind.setdefault(e["kind"], []).append(e)
    return [
        (
            kind,
            KIND_TITLES[kind],
            sorted(by_kind[kind], key=lambda e: (not e["alert"], -e["score"], e["party"]["id"])),
        )
        for kind in KIND_ORDER
        if kind in by_kind
    ]


RULES_TITLE = "Federal Register rules not yet in the lists in force"


def headline(report: MonitorReport) -> str:
    """One sentence: what this run found."""
    text = _hits_headline(report)
    rules = len(report.pending_rules)
    if rules:
        text += (
            f" {rules} Federal Register rule{'s' if rules != 1 else ''} about the lists "
            f"{'are' if rules != 1 else 'is'} not yet in the lists in force."
        )
    return text


def _hits_headline(report: MonitorReport) -> str:
    c = report.counts
    if not report.events:
        decided = c.get("already_decided", 0)
        tail = f" ({decided} changes on hits already decided)" if decided else ""
        return f"Nothing new or changed since the previous run{tail}."
    parts = []
    new_alerts = sum(1 for e in report.events if e["kind"] == "new" and e["alert"])
    if c.get("new"):
        parts.append(
            f"{c['new']} new hit{'s' if c['new'] != 1 else ''}"
            + (f" ({new_alerts} alert{'s' if new_alerts != 1 else ''})" if new_alerts else "")
        )
    for kind, words in (
        ("entry_changed", "matched entries changed"),
        ("party_changed", "parties changed and still match"),
        ("alert_raised", "scores rose to alert"),
        ("alert_lowered", "scores fell below alert"),
        ("decision_lapsed", "decisions lapsed"),
        ("removed", "hits gone with their entry removed"),
        ("cleared", "hits no longer matching"),
    ):
        if c.get(kind):
            parts.append(f"{c[kind]} {words}")
    return "; ".join(parts) + "."


def snapshot_line(report: MonitorReport) -> str:
    return ", ".join(
        f"{source} #{info['id']} ({_publication(info)})"
        for source, info in sorted(report.run.snapshots.items())
    )


def _md_cell(value: Any) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: MonitorReport) -> str:
    run = report.run
    lines = [
        f"# Monitoring run {run.id}: {run.finished_at.strftime('%Y-%m-%d %H:%M')} UTC",
        "",
        f"**{headline(report)}**",
        "",
        f"- Lists: {snapshot_line(report)}",
        f"- Parties: {run.parties} monitored, {run.screened} screened"
        + (" (a list changed: every party screened again)" if report.full_rescreen else ""),
        f"- Open hits after this run: {report.open_hits}, of which {report.open_alerts} alerts",
        f"- Engine {run.engine_version}; alert at {run.thresholds['alert']}, review at "
        f"{run.thresholds['review']}",
    ]
    if run.counts.get("already_decided"):
        lines.append(
            f"- {run.counts['already_decided']} changes on hits already decided are not listed"
        )
    if report.pending_rules:
        lines += ["", f"## {RULES_TITLE} ({len(report.pending_rules)})", ""]
        lines += [
            f"- [{r['document_number']}]({r['link']}): {r['words']}" for r in report.pending_rules
        ]
    for _, title, events in grouped(report.events):
        lines += [
            "",
            f"## {title} ({len(events)})",
            "",
            "| party | entry | list | score | matched name | why | decision |",
            "|---|---|---|---|---|---|---|",
        ]
        for e in events:
            entry = e["entry"]
            name = entry.get("name", entry["key"])
            where = ", ".join(entry.get("countries", []))
            party = f"{e['party'].get('name', '')} ({e['party']['id']})"
            score = f"**{e['score']:.2f}**" if e["alert"] else f"{e['score']:.2f}"
            why = e["summary"] + (
                "; " + ", ".join(e["reasons"][1:]) if len(e["reasons"]) > 1 else ""
            )
            decision = _decision_text(e)
            lines.append(
                f"| {_md_cell(party)} | {_md_cell(name)} ({_md_cell(where)}) | "
                f"{_md_cell(entry['list'])} {_md_cell(entry.get('source_id', ''))} | {score} | "
                f"{_md_cell(e['matched_name'])} | {_md_cell(why)} | {_md_cell(decision)} |"
            )
    legend = list_legend(report.events)
    if legend:
        lines += ["", "## What these lists mean", ""]
        lines += [f"- **{code}**: {plain} ({regulation})" for code, plain, regulation in legend]
    return "\n".join(lines) + "\n"


def list_legend(events: Iterable[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Each list code the digest's hits are on, with its plain meaning and regulation."""
    codes = sorted({e["entry"]["list"] for e in events if e.get("entry", {}).get("list")})
    found = [(c, meaning_of(c)) for c in codes]
    return [(c, m.plain, m.regulation) for c, m in found if m is not None]


def _decision_text(event: dict[str, Any]) -> str:
    if event.get("decision"):
        d = event["decision"]
        return f"#{d['id']} {d['verdict']}"
    lapsed = event.get("lapsed_decision")
    if lapsed:
        return f"#{lapsed['id']} {lapsed['verdict']} no longer applies: {lapsed['why']}"
    return ""


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("entitylist.monitoring", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: MonitorReport) -> str:
    template = _environment().get_template("digest.html")
    return template.render(
        report=report,
        run=report.run,
        headline=headline(report),
        snapshots=snapshot_line(report),
        groups=grouped(report.events),
        decision_text=_decision_text,
        legend=list_legend(report.events),
        rules_title=RULES_TITLE,
    )


def write_digest(report: MonitorReport, path: Path) -> Path:
    fmt = digest_format(path)
    text = render_markdown(report) if fmt == "md" else render_html(report)
    path.write_text(text, encoding="utf-8")
    return path


def _publication(info: dict[str, Any]) -> str:
    # Runs stored before publication dates could be unknown carry only `published_at`.
    if info.get("publication"):
        return str(info["publication"])
    return f"published {str(info['published_at'])[:10]}"
