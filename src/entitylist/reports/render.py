"""Writing a change report: Markdown, or HTML with an inline SVG chart, by extension."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from entitylist.errors import InputError
from entitylist.list_titles import list_table
from entitylist.reports.by_rule import country_label, rule_words
from entitylist.reports.changes import ChangeReport, where_words
from entitylist.reports.svg import bar_chart
from entitylist.reports.words import number
from entitylist.store.diff import ChangedEntry, shown

FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
TOP = 15


def report_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(f"{path}: a change report is written as .md or .html") from None


def list_title(code: str) -> str:
    info = list_table().by_code.get(code.casefold())
    return f"{info.title} ({code})" if info is not None and info.declared else code


def group_lines(report: ChangeReport) -> list[str]:
    lines = []
    for g in report.groups:
        text = (
            f"{number(len(g.members)).capitalize()} entries share the name {g.display} "
            f"({where_words(g)})"
        )
        if g.already_listed:
            first = g.already_listed[0].entry
            since = f", listed since {first.start_date.isoformat()}" if first.start_date else ""
            text += f"; already listed: {first.name}{since}"
        lines.append(text + ".")
    return lines


def _md(value: Any) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def period_line(report: ChangeReport) -> str:
    spans = [
        f"{s.source} #{s.before.id} ({s.before.publication}) -> #{s.after.id} "
        f"({s.after.publication})"
        for s in report.spans
    ]
    return "; ".join(spans) or "no snapshots to compare"


def render_markdown(report: ChangeReport) -> str:
    out = [
        "# What changed on the lists",
        "",
        f"**{report.headline}**",
        "",
        f"Compared: {period_line(report)}.",
        "",
    ]
    for note in report.notes:
        out.append(f"> {note}")
    if report.portfolio:
        out += ["", "## Monitored parties matching added or changed entries", ""]
        out += [f"- {_md(h.words())}" for h in report.portfolio]
    if report.by_rule:
        out += ["", "## By Federal Register rule", ""]
        out += [f"- {_md(rule_words(r))}" for r in report.by_rule[:TOP]]
        if len(report.by_rule) > TOP:
            out.append(f"- ... {len(report.by_rule) - TOP} more rules")
    out += _count_tables(report)
    if report.groups:
        out += [
            "",
            "## Groups by shared name",
            "",
            "_Grouped by a distinctive word the names share: a heuristic, not ownership data._",
            "",
        ]
        out += [f"- {line}" for line in group_lines(report)]
    out += _entry_tables(report)
    return "\n".join(out) + "\n"


def _count_tables(report: ChangeReport) -> list[str]:
    """By list, by country and by FR citation: added, removed, changed."""
    out: list[str] = []
    sections: list[tuple[str, dict[str, dict[str, Any]], Any]] = [
        ("By list", report.by_list, list_title),
        ("By country", report.by_country, country_label),
        ("By Federal Register citation", report.by_citation, str),
    ]
    for title, table, label in sections:
        if not table:
            continue
        out += ["", f"## {title}", "", "| | added | removed | changed |", "|---|---|---|---|"]
        for key, counts in list(table.items())[: TOP * 2]:
            date = f" ({counts['date']})" if counts.get("date") else ""
            out.append(
                f"| {_md(label(key))}{date} | {counts['added']} | {counts['removed']} "
                f"| {counts['changed']} |"
            )
        if len(table) > TOP * 2:
            out.append(f"| ... {len(table) - TOP * 2} more | | | |")
    return out


def _entry_tables(report: ChangeReport) -> list[str]:
    """The entries added and removed, and those changed with before and after."""
    out: list[str] = []
    for title, entries in (("Added", report.added), ("Removed", report.removed)):
        if entries:
            out += [
                "",
                f"## {title} ({len(entries)})",
                "",
                "| list | name | country | listed from | citation |",
                "|---|---|---|---|---|",
            ]
            for s in sorted(entries, key=lambda s: (s.entry.list_code, s.entry.name)):
                e = s.entry
                where = ", ".join(country_label(c) for c in e.countries)
                cites = "; ".join(c.text for c in e.citations)
                out.append(
                    f"| {_md(e.list_code)} | {_md(e.name)} | {_md(where)} | "
                    f"{e.start_date or ''} | {_md(cites)} |"
                )
    if report.changed:
        out += [
            "",
            f"## Changed ({len(report.changed)})",
            "",
            "| list | name | before -> after |",
            "|---|---|---|",
        ]
        for c in report.changed:
            out.append(
                f"| {_md(c.after.entry.list_code)} | {_md(c.after.entry.name)} | "
                f"{_md(change_words(c))} |"
            )
    return out


def change_words(changed: ChangedEntry) -> str:
    """ "end date: (none) -> 2026-01-01; Federal Register citations: 88 FR 1 -> 90 FR 2" """
    return "; ".join(f"{f.label}: {shown(f.before)} -> {shown(f.after)}" for f in changed.fields)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("entitylist.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["country"] = country_label
    env.filters["change_words"] = change_words
    env.filters["rule_words"] = rule_words
    return env


def render_html(report: ChangeReport) -> str:
    countries = [(country_label(k), v) for k, v in list(report.by_country.items())[:TOP]]
    lists = [(k, v) for k, v in report.by_list.items()]
    return (
        _environment()
        .get_template("changes.html")
        .render(
            report=report,
            period=period_line(report),
            groups=group_lines(report),
            list_title=list_title,
            country_label=country_label,
            country_chart=Markup(bar_chart(countries, "Changes by country")),
            list_chart=Markup(bar_chart(lists, "Changes by list")),
            top=TOP * 2,
        )
    )


def write_report(report: ChangeReport, path: Path) -> Path:
    fmt = report_format(path)
    path.write_text(
        render_markdown(report) if fmt == "md" else render_html(report), encoding="utf-8"
    )
    return path
