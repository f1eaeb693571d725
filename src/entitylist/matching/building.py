"""How a match index is built from records.

Every listed name and alias is normalised once, as its record's kind of party
(`normalise.py`); each distinct token gets an id, a posting list of the names that carry
it, and keys for fuzzy lookup (one-letter deletions, metaphone, singular, consonant
skeleton). The result is an `IndexState` (`state.py`).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from rigour.text.phonetics import metaphone

from entitylist.matching.identifiers import identifier_key
from entitylist.matching.normalise import Normalizer, name_kind_for, name_variants
from entitylist.matching.records import IndexRecord, ScoringConfig, Thresholds
from entitylist.matching.score import weigh
from entitylist.matching.similarity import deletion_keys, singular, skeleton
from entitylist.matching.state import ABJAD, LATIN, SILENT_KINDS, IndexState
from entitylist.matching.tokens import NameForm, NameKind
from entitylist.matching.weights import TokenStats

__all__ = ["address_tokens", "build_state"]


def build_state(
    records: Sequence[IndexRecord],
    config: ScoringConfig,
    thresholds: Thresholds,
    normalizer: Normalizer,
) -> IndexState:
    """Normalise every name of every record and index it."""
    name_record, name_position, forms, record_kinds = _normalised_names(records, normalizer)
    vocab, tokens, token_abjad, postings_lists, df = _vocabulary(forms)
    joined = _joined_pairs(forms)
    deletes, phonetic, singulars, skeletons = _lookup_keys(tokens)
    stats = TokenStats(df, len(forms), normalizer.data)
    weighted = [weigh(form, stats, config) for form in forms]
    name_group, group_lists = _name_groups(forms, record_kinds, name_record)
    return IndexState(
        records=tuple(records),
        name_record=name_record,
        name_position=name_position,
        forms=forms,
        weighted=weighted,
        name_totals=array("d", (sum(w.weights, 0.0) for w in weighted)),
        name_tokens=[tuple(vocab[t] for t in form.tokens) for form in forms],
        name_group=name_group,
        group_names=[tuple(g) for g in group_lists],
        joined={k: tuple(v) for k, v in joined.items()},
        vocab=vocab,
        tokens=tokens,
        token_abjad=token_abjad,
        postings=[array("I", p) for p in postings_lists],
        deletes={k: tuple(v) for k, v in deletes.items()},
        phonetic={k: tuple(v) for k, v in phonetic.items() if k},
        singulars={k: tuple(v) for k, v in singulars.items()},
        skeletons={k: tuple(v) for k, v in skeletons.items()},
        document_frequency=dict(df),
        record_kinds=record_kinds,
        record_countries=[frozenset(c.upper() for c in r.countries) for r in records],
        record_addresses=[
            tuple(address_tokens(normalizer, a) for a in r.addresses) for r in records
        ],
        identifier_records=_identifier_records(records),
        config=config,
        thresholds=thresholds,
    )


def _identifier_records(records: Sequence[IndexRecord]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for r_index, record in enumerate(records):
        for value in record.identifiers:
            key = identifier_key(value)
            if key is not None and r_index not in found.get(key, ()):
                found.setdefault(key, []).append(r_index)
    return {k: tuple(v) for k, v in found.items()}


def _normalised_names(
    records: Sequence[IndexRecord], normalizer: Normalizer
) -> tuple[array[int], array[int], list[NameForm], list[NameKind]]:
    """Every distinct normalised form of every name: its record, the name's position among
    the record's names, the forms, and each record's kind."""
    name_record = array("I")
    name_position = array("H")
    forms: list[NameForm] = []
    record_kinds: list[NameKind] = []
    for r_index, record in enumerate(records):
        kind = name_kind_for(record.entity_type)
        record_kinds.append(kind)
        seen: set[tuple[str, ...]] = set()
        for position, name in enumerate(record.names):
            for variant in name_variants(name):
                form = normalizer(variant, kind)
                if not form.tokens or form.tokens in seen:
                    continue
                seen.add(form.tokens)
                name_record.append(r_index)
                name_position.append(min(position, 65535))
                forms.append(form)
    return name_record, name_position, forms, record_kinds


def _vocabulary(
    forms: Sequence[NameForm],
) -> tuple[dict[str, int], list[str], bytearray, list[list[int]], Counter[str]]:
    """The listed tokens (ids, text, how written: Latin or from an abjad), their posting
    lists and document frequencies."""
    vocab: dict[str, int] = {}
    tokens: list[str] = []
    token_abjad = bytearray()
    postings_lists: list[list[int]] = []
    df: Counter[str] = Counter()
    for n_id, form in enumerate(forms):
        for token, abjad in zip(form.tokens, form.abjad, strict=True):
            t_id = vocab.get(token)
            if t_id is None:
                t_id = vocab[token] = len(tokens)
                tokens.append(token)
                token_abjad.append(ABJAD if abjad else LATIN)
                postings_lists.append([])
            else:
                token_abjad[t_id] |= ABJAD if abjad else LATIN
            postings_lists[t_id].append(n_id)
            df[token] += 1
    return vocab, tokens, token_abjad, postings_lists, df


def _joined_pairs(forms: Sequence[NameForm]) -> dict[str, list[int]]:
    """Neighbouring listed words written as one (`van der bilt` -> `vanderbilt`)."""
    joined: dict[str, list[int]] = {}
    for n_id, form in enumerate(forms):
        words = [t for t, k in zip(form.tokens, form.kinds, strict=True) if k not in SILENT_KINDS]
        for a, b in pairwise(words):
            key = a + b
            hits = joined.setdefault(key, [])
            if not hits or hits[-1] != n_id:
                hits.append(n_id)
    return joined


LookupKeys = dict[str, list[int]]


def _lookup_keys(tokens: Sequence[str]) -> tuple[LookupKeys, LookupKeys, LookupKeys, LookupKeys]:
    """Deletion neighbourhoods, metaphone keys, singulars and consonant skeletons of the
    listed tokens."""
    deletes: LookupKeys = {}
    phonetic: LookupKeys = {}
    singulars: LookupKeys = {}
    skeletons: LookupKeys = {}
    for t_id, token in enumerate(tokens):
        for key in deletion_keys(token):
            deletes.setdefault(key, []).append(t_id)
        if len(token) >= 4 and token.isalpha():
            phonetic.setdefault(metaphone(token), []).append(t_id)
            singulars.setdefault(singular(token), []).append(t_id)
        if token.isalpha():
            skel = skeleton(token)
            if skel:
                skeletons.setdefault(skel, []).append(t_id)
    return deletes, phonetic, singulars, skeletons


def _name_groups(
    forms: Sequence[NameForm], record_kinds: Sequence[NameKind], name_record: array[int]
) -> tuple[array[int], list[list[int]]]:
    """Names with the same tokens, kinds and record kind score alike: one group each."""
    groups: dict[tuple[Any, ...], int] = {}
    name_group = array("I")
    group_lists: list[list[int]] = []
    for n_id, form in enumerate(forms):
        group_key = (form.tokens, form.kinds, record_kinds[name_record[n_id]])
        g = groups.setdefault(group_key, len(groups))
        if g == len(group_lists):
            group_lists.append([])
        group_lists[g].append(n_id)
        name_group.append(g)
    return name_group, group_lists


def address_tokens(normalizer: Normalizer, text: str) -> frozenset[str]:
    form = normalizer(text, NameKind.ORGANISATION)
    return frozenset(t for t in form.tokens if len(t) >= 3 or t.isdigit())
