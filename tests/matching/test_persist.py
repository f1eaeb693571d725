"""The index file: read back whole and equal, in short steps, refused when foreign."""

from __future__ import annotations

import gc
import pickle
import weakref
from pathlib import Path

import pytest

from entitylist.matching import IndexRecord, MatchIndex, Query
from entitylist.matching.persist import CHUNK

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "zan", "vo", "shi", "pe", "dra", "qui", "nex"]


@pytest.fixture(scope="module")
def big_index() -> MatchIndex:
    """More names than one slice holds, so every long field is written in several."""
    records = []
    for n in range(3 * CHUNK):
        a = SYLLABLES[n % 12] + SYLLABLES[(n // 12) % 12] + SYLLABLES[(n // 144) % 12]
        b = SYLLABLES[(n // 7) % 12] + SYLLABLES[(n // 3) % 12]
        records.append(IndexRecord(str(n), "EL", "entity", (f"{a} {b} Trading Co Ltd", a)))
    return MatchIndex.build(records)


def test_a_saved_index_loads_with_the_same_answers(big_index: MatchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    big_index.save(path)
    loaded = MatchIndex.load(path)
    assert len(loaded) == len(big_index) and loaded.name_count == big_index.name_count
    for name in ("kaloren tuzan trading", "Mika Shipe Co", "drakami", "nothing alike"):
        a = big_index.search(Query(name), threshold=0.0)
        b = loaded.search(Query(name), threshold=0.0)
        assert [(m.ref, m.score, m.matched_name) for m in a] == [
            (m.ref, m.score, m.matched_name) for m in b
        ]


def test_objects_shared_between_fields_stay_shared(big_index: MatchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    big_index.save(path)
    state = MatchIndex.load(path)._s
    assert all(w.form is f for w, f in zip(state.weighted, state.forms, strict=True))


def test_no_single_read_holds_more_than_one_slice(big_index: MatchIndex, tmp_path: Path) -> None:
    # Each read is one GIL-holding call: bounded slices let a service keep answering.
    path = tmp_path / "index.bin"
    big_index.save(path)
    reads = 0
    with path.open("rb") as fh:
        unpickler = pickle.Unpickler(fh)
        while True:
            try:
                part = unpickler.load()
            except EOFError:
                break
            reads += 1
            if isinstance(part, list | tuple | dict):
                assert len(part) <= CHUNK
    assert reads > 40


def test_a_whole_pickle_of_the_older_layout_is_refused(
    big_index: MatchIndex, tmp_path: Path
) -> None:
    path = tmp_path / "old.bin"
    path.write_bytes(pickle.dumps(big_index._s))
    with pytest.raises(ValueError, match=r"old\.bin does not hold a match index"):
        MatchIndex.load(path)


def test_an_index_no_longer_used_is_freed_without_the_cyclic_collector() -> None:
    # A service freezes its heap instead of collecting it: an index in a reference cycle
    # would never be freed after it is replaced.
    index = MatchIndex.build([IndexRecord("1", "EL", "entity", ("Huawei Technologies",))])
    index.search(Query("Huawei"))
    # The state itself cannot be weakly referenced when compiled: an object it holds can.
    probe = _Probe()
    index._s.extra["probe"] = probe
    alive = weakref.ref(probe)
    del probe
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del index
        assert alive() is None
    finally:
        if was_enabled:
            gc.enable()


class _Probe:
    """Something weakly referable, freed with the index that holds it."""


def test_a_reader_pauses_after_every_slice(big_index: MatchIndex, tmp_path: Path) -> None:
    # A service passes a pause that leaves the CPU to its requests between slices.
    path = tmp_path / "index.bin"
    big_index.save(path)
    pauses = 0

    def pause() -> None:
        nonlocal pauses
        pauses += 1

    loaded = MatchIndex.load(path, pause=pause)
    assert len(loaded) == len(big_index)
    assert pauses >= 3 * 3, "the records alone fill three slices; the other fields more"
