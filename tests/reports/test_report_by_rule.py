"""The change report of 25 March 2025 from the real 2026 CSL: by rule, country and name
group, with the rules' own counts beside the rows citing them.

The earlier vintage is made from the real 2026 file itself (no pre-2025 JSON is at hand):
the Entity List rows citing only 90 FR 14032 or 14046 are left out, and rows that also
cite earlier rules lose their 2025 citation. Loading it and then the real file gives the
two rules' additions and revisions, and nothing else.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from entitylist.federal_register.documents import read_page
from entitylist.monitoring.parties import import_parties
from entitylist.reports import change_report, write_report
from entitylist.reports.changes import ChangeReport
from entitylist.settings import Settings
from entitylist.store import Store
from entitylist.updates.lists import update_source
from fr_records import EL_RULES

JSON_2026 = Path("csl") / "2026" / "consolidated_2026-07-31.json"
RULE_PAGES = ("90 FR 14032", "90 FR 14035", "90 FR 14046")
INSPUR_SIX = [
    "Inspur (Beijing) Electronic Information Industry Co., Ltd.",
    "Inspur Electronic Information (Hong Kong) Co., Ltd.",
    "Inspur Electronic Information Industry Co., Ltd.",
    "Inspur (HK) Electronics Co., Ltd.",
    "Inspur Software Co., Ltd.",
    "Inspur Taiwan",
]


def before_the_rules(record: dict[str, Any]) -> dict[str, Any] | None:
    cites = [c.strip() for c in (record.get("federal_register_notice") or "").split(";")]
    kept = [c for c in cites if c and c not in RULE_PAGES]
    if len(kept) == len([c for c in cites if c]):
        return record
    if not kept:
        return None  # added by the rules
    return {**record, "federal_register_notice": "; ".join(kept)}  # revised by them


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Store:
    folder = tmp_path_factory.mktemp("rules")
    data = json.loads((shared_data / JSON_2026).read_text("utf-8"))
    earlier = [r for r in map(before_the_rules, data["results"]) if r is not None]
    path = folder / "consolidated_2025-03-24.json"
    path.write_text(json.dumps({"results": earlier}), encoding="utf-8")
    url = f"sqlite:///{folder / 'db.sqlite'}"
    store = Store.open(url)
    settings = Settings.load(url, environ={})
    for where, day in (
        (path, datetime(2025, 3, 24)),
        (shared_data / JSON_2026, datetime(2026, 7, 31)),
    ):
        update_source(store, settings, "csl", str(where), published_at=day.replace(tzinfo=UTC))
    store.save_fr_documents(read_page(EL_RULES, "inline").documents)
    portfolio = folder / "portfolio.csv"
    portfolio.write_text(
        "id,name,country\nC-1,Inspur Taiwan,TW\nC-2,Northwind Garden Supplies,GB\n"
        "C-3,Dart Aviation,FR\n",
        encoding="utf-8",
    )
    import_parties(store, portfolio)
    return store


@pytest.fixture(scope="module")
def report(store: Store) -> ChangeReport:
    return change_report(store, source="csl")


def test_the_report_names_both_rules_with_their_counts(report: ChangeReport) -> None:
    assert (len(report.added), len(report.removed)) == (70 + 15, 0)
    rules = {r.document.document_number: r for r in report.by_rule}
    first, second = rules["2025-05426"], rules["2025-05427"]
    assert (len(first.added), len(first.changed), first.entities_said) == (70, 0, 70)
    assert first.countries == {"CN": 42, "PK": 19, "AE": 5, "ZA": 3, "HK": 1}
    # 17 rows cite 90 FR 14046: 15 new (one a Dart Aviation row at a French address), and
    # two Dart Aviation rows it revised (they cite 2019 and 2020 rules as well).
    assert (len(second.added), len(second.changed), second.entities_said) == (15, 2, 12)
    assert {s.entry.name for s in second.also_citing_earlier} == {"Dart Aviation"}
    (inspur,) = [g for g in second.groups if g.display == "Inspur"]
    assert sorted(m.entry.name for m in inspur.members) == sorted(INSPUR_SIX)


def test_the_rule_reads_as_an_analyst_would_write_it(report: ChangeReport, tmp_path: Path) -> None:
    words = report.to_dict()["by_rule"]
    second = next(r for r in words if r["document_number"] == "2025-05427")["summary"]
    assert second.startswith(
        "90 FR 14046 (2025-05427), Additions to the Entity List, published 2025-03-28, "
        "effective 2025-03-25: 17 entries (15 added, 2 changed), China 11"
    )
    assert "six Inspur entries (" in second and "Inspur Taiwan" in second
    assert "Its summary counts 12 entities added" in second
    assert "2 of the rows also cite earlier rules (Dart Aviation)" in second
    # The parent, listed in 2023, is named as listed before.
    group = next(g for g in report.groups if g.display == "Inspur")
    assert any(s.entry.name.startswith("Inspur Group") for s in group.already_listed)
    md = write_report(report, tmp_path / "changes.md").read_text()
    assert "## By Federal Register rule" in md and "90 FR 14032 (2025-05426)" in md
    html = write_report(report, tmp_path / "changes.html").read_text()
    assert "By Federal Register rule" in html and "2025-05427" in html


def test_changed_rows_show_their_citations_before_and_after(report: ChangeReport) -> None:
    dart = [c for c in report.changed if c.after.entry.name == "Dart Aviation"]
    assert len(dart) == 2
    fields = {f.field: f for f in dart[0].fields}
    assert set(fields) == {"citations"}
    assert fields["citations"].label == "Federal Register citations"
    assert fields["citations"].after[-1] == "90 FR 14046"
    assert "90 FR 14046" not in fields["citations"].before


def test_the_report_names_the_monitored_parties_it_concerns(
    report: ChangeReport, tmp_path: Path
) -> None:
    found = {(h.party_id, h.entry.entry.name, h.kind) for h in report.portfolio}
    assert ("C-1", "Inspur Taiwan", "added") in found
    assert ("C-3", "Dart Aviation", "changed") in found
    assert not any(h.party_id == "C-2" for h in report.portfolio)
    assert report.headline.endswith("Two monitored parties match added or changed entries.")
    md = write_report(report, tmp_path / "changes.md").read_text()
    assert "## Monitored parties matching added or changed entries" in md
    assert "Inspur Taiwan (C-1) matches EL Inspur Taiwan, added" in md
