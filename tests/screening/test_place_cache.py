"""The affiliate-lead pass's place words are computed once and kept on disk: a later
process reads the same words back instead of normalising every city again; a file of
other words, or a damaged one, is not trusted."""

from __future__ import annotations

from pathlib import Path

from entitylist.screening.place_cache import cached_places, places_key

WORDS = frozenset({"shenzhen", "xiamen", "taipei"})


def test_words_written_by_one_process_are_read_back_by_the_next(tmp_path: Path) -> None:
    computed: list[int] = []

    def compute() -> frozenset[str]:
        computed.append(1)
        return WORDS

    key = places_key(["geography words"])
    assert cached_places(tmp_path, key, compute) == WORDS
    assert cached_places(tmp_path, key, compute) == WORDS
    assert len(computed) == 1, "the second read comes from the file"
    (written,) = tmp_path.iterdir()
    assert written.read_text("utf-8").splitlines()[1:] == sorted(WORDS)


def test_a_file_made_from_other_data_or_damaged_is_computed_again(tmp_path: Path) -> None:
    key = places_key(["geography words"])
    assert places_key(["other words"]) != key
    path = tmp_path / f"places-{key}.txt"
    path.write_text("entitylist place words another-key\nparis\n", "utf-8")
    assert cached_places(tmp_path, key, lambda: WORDS) == WORDS
    path.write_bytes(b"\xff\xfe not text")
    assert cached_places(tmp_path, key, lambda: WORDS) == WORDS
    assert path.read_text("utf-8").startswith(f"entitylist place words {key}\n")


def test_a_cache_that_cannot_be_written_costs_only_the_computation(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", "utf-8")
    assert cached_places(blocked / "cache", places_key([]), lambda: WORDS) == WORDS
