"""Monitoring over real list vintages: after each update, a run reports exactly the new and
changed hits (as screening before and after says) and nothing already decided.

DPL 2019 -> 2022 -> 2023 runs on SQLite and PostgreSQL; CSL 2019 -> 2023 and the OFAC 2025
alias and address changes (see conftest.ofac_2025_vintage) on SQLite, to keep the suite fast.
"""

from __future__ import annotations

from pathlib import Path

from monitoring_scenario import HitId, expected_events, in_force, reported, screen_portfolio

from entitylist.monitoring import decide, import_parties, run_monitor
from entitylist.sources import get_source
from entitylist.store import StoredEntry
from vintages import Env, ofac_2025_vintage, unlisted_names, write_portfolio

DPL = ("2019-06-29", "2022-09-07", "2023-11-30")


def dpl_path(shared_data: Path, vintage: str) -> Path:
    return shared_data / "bis_dpl" / f"dpl_{vintage}.txt"


def parsed_hashes(source: str, path: Path) -> dict[str, str]:
    src = get_source(source)
    return {e.key: e.content_hash() for e in src.parse(src.fetch(str(path))).entries}


def portfolio_rows(names: list[str], unlisted: list[str]) -> list[dict[str, str]]:
    rows = [{"id": f"L{i:04d}", "name": n} for i, n in enumerate(names)]
    rows += [{"id": f"U{i:04d}", "name": n} for i, n in enumerate(unlisted)]
    return rows


def test_dpl_vintages_report_exactly_the_changes(
    env: Env, shared_data: Path, tmp_path: Path
) -> None:
    env.load("dpl", dpl_path(shared_data, DPL[0]), DPL[0])
    names: dict[str, None] = {}
    for vintage in DPL:
        src = get_source("dpl")
        for e in src.parse(src.fetch(str(dpl_path(shared_data, vintage)))).entries:
            names.setdefault(e.name.strip(), None)
    portfolio = write_portfolio(
        tmp_path / "portfolio.csv", portfolio_rows(list(names), unlisted_names(shared_data, 2500))
    )
    imported = import_parties(env.store, portfolio)
    assert imported.new == len(names) + 2500 and not imported.errors
    party_of = {n: f"L{i:04d}" for i, n in enumerate(names)}

    # Run 1 reports every hit once, as "new".
    before = screen_portfolio(env.store, env.settings)
    first = run_monitor(env.store, env.settings)
    assert reported(first.events) == {("new", *hit) for hit in before}
    assert first.run.screened == first.run.parties == len(names) + 2500
    entries_2019 = {s.key: s for s in env.store.entries_in_force()}
    for entry in entries_2019.values():  # every listed party is found under its own name
        assert (party_of[entry.entry.name.strip()], "dpl", entry.key) in before

    # A reviewer decides some hits before the 2022 list arrives.
    next_hashes = parsed_hashes("dpl", dpl_path(shared_data, DPL[1]))
    decided = _decide_some(env, before, entries_2019, next_hashes)

    # Nothing changed: nothing screened, nothing reported.
    idle = run_monitor(env.store, env.settings)
    assert idle.run.screened == 0 and idle.events == []

    for vintage in DPL[1:]:
        env.load("dpl", dpl_path(shared_data, vintage), vintage)
        after = screen_portfolio(env.store, env.settings)
        listed = in_force(env.store)
        report = run_monitor(env.store, env.settings)
        expected = expected_events(before, after, listed, decided)
        assert reported(report.events) == expected
        assert report.run.screened == report.run.parties
        kinds = {k for k, *_ in expected}
        assert {"new", "removed", "entry_changed"} <= kinds, kinds
        _check_listed_parties(report.events, after, before, party_of, env, listed)
        assert not any(
            (pid, s, k) in decided
            and decided[(pid, s, k)][0] == "false_positive"
            and after.get((pid, s, k))
            and after[(pid, s, k)].entry_hash == decided[(pid, s, k)][1]
            for _, pid, s, k in reported(report.events)
        )
        before = after
        if vintage == DPL[1]:
            lapsed = [e for e in report.events if e["lapsed_decision"]]
            assert lapsed and all(e["kind"] == "entry_changed" for e in lapsed)
            assert "entry's content changed" in lapsed[0]["lapsed_decision"]["why"]
            removed_tm = [
                e
                for e in report.events
                if e["kind"] == "removed"
                and (e["party"]["id"], "dpl", e["entry"]["key"]) in decided
            ]
            assert len(removed_tm) == 1  # a true match whose entry left the list is news
            villa = [e for e in report.events if e["party"].get("name") == "AARON ABRAHAM VILLA"]
            assert {e["kind"] for e in villa} == {"new"}  # denied 24 August 2022
            assert any(
                e["entry"]["name"] == "ADRIAN MANUEL HERNANDEZ" and e["kind"] == "removed"
                for e in report.events
            )  # order expired in 2020
    again = run_monitor(env.store, env.settings)
    assert again.run.screened == 0 and again.events == []


def _decide_some(
    env: Env,
    hits: dict[HitId, object],
    entries: dict[str, StoredEntry],
    next_hashes: dict[str, str],
) -> dict[HitId, tuple[str, str]]:
    """False positives on three hits whose entry stays unchanged and on one whose entry
    changes; a true match on one whose entry is removed."""
    unchanged, changed, removed = [], [], []
    for hit in sorted(hits):
        stored = entries[hit[2]]
        if hit[2] not in next_hashes:
            removed.append(hit)
        elif next_hashes[hit[2]] == stored.content_hash:
            unchanged.append(hit)
        else:
            changed.append(hit)
    chosen = [(h, "false_positive") for h in unchanged[:3]] + [
        (changed[0], "false_positive"),
        (removed[0], "true_match"),
    ]
    out: dict[HitId, tuple[str, str]] = {}
    for (party_id, source, key), verdict in chosen:
        d = decide(
            env.store, party_id, key, verdict, "reviewed: test", source=source, actor="reviewer"
        )
        out[(party_id, source, key)] = (verdict, d.entry_hash)
    return out


def _check_listed_parties(
    events: list[dict[str, object]],
    after: dict[HitId, object],
    before: dict[HitId, object],
    party_of: dict[str, str],
    env: Env,
    listed: set[tuple[str, str]],
) -> None:
    """Engine-independent: a party named exactly as an entry added by this vintage is
    reported as a new hit against it."""
    got = reported(events)  # type: ignore[arg-type]
    for stored in env.store.entries_in_force():
        hit = (party_of[stored.entry.name.strip()], stored.source, stored.key)
        if hit not in before:
            assert ("new", *hit) in got, hit


def test_csl_2019_to_2023(sqlite_env: Env, shared_data: Path, tmp_path: Path) -> None:
    env = sqlite_env
    old = shared_data / "csl" / "consolidated_2019-12-03.csv"
    new = shared_data / "csl" / "consolidated_2023-11-30.csv"
    env.load("csl", old, "2019-12-03")
    names_2019 = sorted({s.entry.name for s in env.store.entries_in_force()})
    src = get_source("csl")
    el_2023 = [e for e in src.parse(src.fetch(str(new))).entries if e.list_code == "EL"]
    names = list(dict.fromkeys(names_2019 + [e.name for e in el_2023[:600]]))
    write_portfolio(tmp_path / "p.csv", portfolio_rows(names, unlisted_names(shared_data, 1500)))
    import_parties(env.store, tmp_path / "p.csv")
    before = screen_portfolio(env.store, env.settings)
    assert reported(run_monitor(env.store, env.settings).events) == {("new", *h) for h in before}
    env.load("csl", new, "2023-11-30")
    after = screen_portfolio(env.store, env.settings)
    report = run_monitor(env.store, env.settings)
    assert reported(report.events) == expected_events(before, after, in_force(env.store))
    new_el = {
        (e["party"]["name"], e["entry"]["name"])
        for e in report.events
        if e["kind"] == "new" and e["entry"]["list"] == "EL"
    }
    for entry in el_2023[:600]:
        if entry.name not in names_2019:
            assert (entry.name, entry.name) in new_el


def test_ofac_2025_alias_and_address_changes(
    sqlite_env: Env, shared_data: Path, tmp_path: Path
) -> None:
    env = sqlite_env
    jan = ofac_2025_vintage(shared_data, "2025-01", tmp_path / "jan")
    dec = ofac_2025_vintage(shared_data, "2025-12", tmp_path / "dec")
    env.load("ofac", jan, "2025-01-15")
    old = {s.key: s for s in env.store.entries_in_force()}
    src = get_source("ofac")
    new = {e.key: e for e in src.parse(src.fetch(str(dec))).entries}
    changed = sorted(
        k for k in old.keys() & new.keys() if old[k].content_hash != new[k].content_hash()
    )
    delisted = sorted(old.keys() - new.keys())[:40]
    fresh_aliases = {
        alias: k for k in changed for alias in set(new[k].aliases) - set(old[k].entry.aliases)
    }
    names = (
        [old[k].entry.name for k in changed]
        + list(fresh_aliases)
        + [old[k].entry.name for k in delisted]
        + [s.entry.name for s in list(old.values())[:300]]
    )
    names = list(dict.fromkeys(names))
    write_portfolio(tmp_path / "p.csv", portfolio_rows(names, unlisted_names(shared_data, 500)))
    import_parties(env.store, tmp_path / "p.csv")
    party_of = {n: f"L{i:04d}" for i, n in enumerate(names)}
    before = screen_portfolio(env.store, env.settings)
    run_monitor(env.store, env.settings)
    env.load("ofac", dec, "2025-12-15")
    after = screen_portfolio(env.store, env.settings)
    report = run_monitor(env.store, env.settings)
    got = reported(report.events)
    assert got == expected_events(before, after, in_force(env.store))
    assert len(changed) >= 30 and fresh_aliases
    for k in changed:  # each entry whose aliases or addresses changed, hit under its name
        assert ("entry_changed", party_of[old[k].entry.name], "ofac", k) in got
    for alias, k in fresh_aliases.items():  # a newly published alias now matches its entry
        assert {
            ("new", party_of[alias], "ofac", k),
            ("entry_changed", party_of[alias], "ofac", k),
        } & got, alias
    for k in delisted:
        assert ("removed", party_of[old[k].entry.name], "ofac", k) in got
