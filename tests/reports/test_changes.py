"""Change reports: the March 2025 Entity List rule as inline records (counts, groups,
headline), and the real CSL 2019 -> 2023 vintages end to end (Markdown and HTML)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from entitylist.model import Citation, Entry, EntryType
from entitylist.reports import build_report, change_report, write_report
from entitylist.reports.stems import entry_stem, group_by_stem
from entitylist.reports.words import about, number
from entitylist.store import SnapshotInfo, StoredEntry
from entitylist.store.diff import diff_entries
from vintages import Env

RULE = Citation("90 FR 13421, 3/25/2025", 90, 13421, date(2025, 3, 25))
COUNTRIES = ["CN"] * 53 + ["TW"] * 10 + ["IR"] * 7 + ["PK"] * 5 + ["ZA"] * 3 + ["AE"] * 2
INSPUR = [
    ("Inspur Electronic Information Industry Co., Ltd.", "CN"),
    ("Inspur Taiwan Co., Ltd.", "TW"),
    ("Beijing Inspur Data Technology Co., Ltd.", "CN"),
    ("Inspur (Shandong) Cloud Technology Co Ltd", "CN"),
    ("INSPUR SOFTWARE CO LTD", "CN"),
    ("Inspur Power Commercial Systems Co., Ltd.", "CN"),
]


def stored(
    i: int,
    name: str,
    country: str,
    *,
    entry_type: EntryType = EntryType.UNKNOWN,
    when: date = date(2025, 3, 25),
    cite: Citation = RULE,
) -> StoredEntry:
    entry = Entry(
        list_code="EL",
        source_id=str(i),
        key=f"EL:n:{i}",
        name=name,
        entry_type=entry_type,
        countries=(country,),
        start_date=when,
        citations=(cite,),
    )
    return StoredEntry(i, "csl", entry.content_hash(), entry)


def snapshot(i: int) -> SnapshotInfo:
    when = datetime(2025, 3, 24 + i, tzinfo=UTC)
    return SnapshotInfo(i, "csl", "test", when, "0" * 64, 0, 0, {}, [], False, when)


@pytest.fixture
def march_2025() -> tuple[list[StoredEntry], list[StoredEntry]]:
    parent = stored(
        1,
        "Inspur Group Co., Ltd.",
        "CN",
        when=date(2023, 3, 2),
        cite=Citation("88 FR 12342", 88, 12342, date(2023, 3, 2)),
    )
    before = [parent, stored(2, "Huawei Technologies Co., Ltd.", "CN", when=date(2019, 5, 16))]
    inspur_countries = [c for _, c in INSPUR]
    rest = list(COUNTRIES)
    for c in inspur_countries:
        rest.remove(c)
    added = [stored(100 + i, n, c) for i, (n, c) in enumerate(INSPUR)]
    added += [stored(200 + i, f"Kelun{i:02d} Technology Co., Ltd.", c) for i, c in enumerate(rest)]
    return before, before + added


def test_the_march_2025_rule_reads_like_the_news(
    march_2025: tuple[list[StoredEntry], list[StoredEntry]],
) -> None:
    before, after = march_2025
    diff = diff_entries("csl", snapshot(0), before, snapshot(1), after)
    report = build_report([diff], after, before)
    assert len(report.added) == 80
    assert report.by_country["CN"]["added"] == 53 and report.by_list["EL"]["added"] == 80
    assert report.by_citation["90 FR 13421"] == {
        "added": 80,
        "removed": 0,
        "changed": 0,
        "date": "2025-03-25",
    }
    (group,) = report.groups
    assert group.display == "Inspur" and len(group.members) == 6
    assert dict(group.countries) == {"CN": 5, "TW": 1}
    assert [s.entry.name for s in group.already_listed] == ["Inspur Group Co., Ltd."]
    assert report.headline == (
        "80 entries added, over 50 of them in China; six share the name Inspur (five in "
        "China and one in Taiwan), a name already on the list (Inspur Group Co., Ltd.)."
    )


def test_stems_leave_out_people_generic_words_and_places() -> None:
    person = Entry(
        list_code="SDN",
        source_id="1",
        key="k",
        name="Luis Alberto Najera",
        entry_type=EntryType.INDIVIDUAL,
    )
    assert entry_stem(person) is None
    assert entry_stem(stored(1, "Beijing Inspur Data Technology Co Ltd", "CN").entry) == "inspur"
    assert entry_stem(stored(1, "China Electronics Technology Group", "CN").entry) is None
    airline = stored(1, "AL NASER AIRLINES", "IQ", entry_type=EntryType.ENTITY)
    assert entry_stem(airline.entry) == "naser"
    assert entry_stem(stored(1, "AL NASER", "IQ").entry) is None  # untyped: a name?
    # untyped, but `Airlines` is a business word (the matching data reads it as `air`)
    assert entry_stem(stored(1, "AL NASER AIRLINES", "IQ").entry) == "naser"
    common = [stored(i, f"Islamic {w} Foundation", "IR") for i, w in enumerate("abc")]
    assert group_by_stem(common, common) == []


def test_numbers_in_words() -> None:
    assert [number(6), number(10), number(11)] == ["six", "ten", "11"]
    assert [about(53), about(50), about(7), about(1234)] == ["over 50", "50", "seven", "over 1,200"]


def test_csl_2019_to_2023_report(sqlite_env: Env, shared_data: Path, tmp_path: Path) -> None:
    env = sqlite_env
    env.load("csl", shared_data / "csl" / "consolidated_2019-12-03.csv", "2019-12-03")
    env.load("csl", shared_data / "csl" / "consolidated_2023-11-30.csv", "2023-11-30")
    report = change_report(env.store, source="csl")
    data = report.to_dict()
    total = data["sources"][0]
    assert total["added"] == len(report.added) and total["to"] > total["from"]
    assert sum(v["added"] for v in report.by_list.values()) == len(report.added)
    # The 2019 file holds 115 rows of the list: entries listed before it was published (by
    # start date or citation) are absent from it, not added since.
    assert len(report.not_in_earlier) == 1_398
    assert any("1,398 entries of #2 are absent from #1" in n for n in report.notes)
    assert all(
        s.entry.start_date is None or s.entry.start_date >= date(2019, 12, 3) for s in report.added
    )
    assert report.by_list["EL"]["added"] == 22
    vtb = report.groups[0]
    assert vtb.display == "VTB" and vtb.countries["RU"] == 11
    assert [g.display for g in report.groups[:5]] == [
        "VTB",
        "Transneft",
        "Haramain",
        "AVIC",
        "Sberbank",
    ]
    assert report.headline.startswith(f"{len(report.added):,} entries added")
    assert "share the name VTB (11 in Russia" in report.headline
    html = write_report(report, tmp_path / "changes.html").read_text()
    assert html.count("<svg") == 2 and "<rect" in html and "VTB" in html
    assert "Groups by shared name" in html and "not ownership data" in html
    md = write_report(report, tmp_path / "changes.md").read_text()
    assert md.startswith("# What changed on the lists") and "## By Federal Register citation" in md
    assert re.search(r"\| Russia \| \d+ \| \d+ \| \d+ \|", md)
    since = change_report(env.store, since=datetime(2020, 1, 1, tzinfo=UTC))
    assert len(since.added) == len(report.added)
    empty = change_report(env.store, since=datetime(2024, 1, 1, tzinfo=UTC))
    assert empty.headline.startswith("Nothing was compared: ")
    assert "no snapshot published since 2024-01-01" in empty.headline
    assert "No entries were added" not in empty.headline
