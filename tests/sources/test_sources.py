"""The published sources: each is declared once, with its title, official location and the
fewest entries a sound download of it holds."""

import pathlib

import yaml

from entitylist.sources import get_source
from entitylist.sources.base import declared

DECLARED = pathlib.Path(__file__).parents[2] / "src/entitylist/sources/data/sources.yml"
NAMES = ("csl", "ofac", "ofac-cons", "dpl", "un")


def test_every_source_the_command_line_names_is_declared_and_nothing_else_is() -> None:
    assert set(yaml.safe_load(DECLARED.read_text(encoding="utf-8"))) == set(NAMES)


def test_a_source_takes_its_title_location_and_minimum_from_its_declaration() -> None:
    for name in NAMES:
        source, facts = get_source(name), declared(name)
        assert (source.title, source.default_url) == (facts.title, facts.default_url)
        assert source.bounds.min_entries == facts.min_entries > 0
        assert source.default_url.startswith("https://")


def test_a_single_file_or_set_source_requires_its_files() -> None:
    assert get_source("dpl").bounds.required_files == ("dpl.txt",)
    assert "sdn.csv" in {f.lower() for f in get_source("ofac").bounds.required_files}
    assert get_source("csl").bounds.required_files == ()
