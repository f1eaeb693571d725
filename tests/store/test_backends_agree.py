"""SQLite and PostgreSQL accept and refuse the same list files: very long names (the key
column holds 512 characters), NUL characters (PostgreSQL text cannot hold one) and unpaired
surrogates (not UTF-8) used to crash PostgreSQL only, or be kept by SQLite only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entitylist.errors import UpdateRefused
from entitylist.settings import Settings, database_url
from entitylist.store import Store
from entitylist.updates.lists import update_source

EL = "Entity List (EL) - Bureau of Industry and Security"


def csl_json(path: Path, *names: str) -> Path:
    """A CSL file in the API's JSON layout: 60 ordinary Entity List parties, then `names`."""
    ordinary = [f"Ordinary Trading Company {i}" for i in range(60)]
    records = [
        {"source": EL, "name": n, "type": "Entity", "addresses": [{"country": "CN"}]}
        for n in [*ordinary, *names]
    ]
    path.write_text(json.dumps({"results": records}), encoding="utf-8")
    return path


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(db_url=database_url(db_url), data_dir=tmp_path / "data")


def test_a_name_of_600_characters_is_stored_on_both(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    long_name = " ".join(["Shenzhen Very Long Registered Name Holdings"] * 14)
    assert len(long_name) > 600
    outcome = update_source(store, settings, "csl", str(csl_json(tmp_path / "c.json", long_name)))
    assert outcome.status == "created"
    (stored,) = [s for s in store.entries(outcome.snapshot.id) if s.entry.name == long_name]
    assert len(stored.key) <= 200 and stored.key.startswith("EL:n:shenzhen-very-long")
    again = update_source(store, settings, "csl", str(csl_json(tmp_path / "d.json", long_name)))
    assert again.status == "unchanged", "the bounded key is stable"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Nul \x00 Trading", "field name holds a NUL character"),
        ("Bad \ud800 Surrogate", "line 1: an unpaired surrogate escape (\\ud800) is not text"),
    ],
    ids=["nul", "surrogate"],
)
def test_unstorable_text_is_refused_on_both_naming_the_entry(
    store: Store, settings: Settings, tmp_path: Path, name: str, reason: str
) -> None:
    update_source(store, settings, "csl", str(csl_json(tmp_path / "good.json")))
    before = store.current()
    bad = csl_json(tmp_path / "bad.json", name)
    with pytest.raises(UpdateRefused) as refused:
        update_source(store, settings, "csl", str(bad))
    message = refused.value.message
    assert reason in message and "the current list stays" in message
    assert "\x00" not in message and "\n" not in message
    assert store.current() == before
    assert store.attempts("csl")[-1]["outcome"] == "refused"
