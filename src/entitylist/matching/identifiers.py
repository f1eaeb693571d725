"""Identifiers as an exact-match feature (pure): the key that two writings of one published
number share, and what a query's name carries besides a name.

Lists publish IMO numbers, passport, tax and registration numbers, LEIs and aircraft serial
numbers; screeners paste them into the name field (`SHAYAN 1 (IMO 9420356)`, or the number
alone). Names never carry them, so they are taken out of the name before it is matched and
compared, exactly, with the identifiers of the listed entries. An aircraft's model or a
vessel's prefix is not part of its name either (`EP-CAP (B737)`, `M/V SHAYAN 1`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from entitylist.matching.explain import Explanation, FeatureContribution
from entitylist.matching.records import IndexRecord, Match
from entitylist.matching.version import ENGINE_VERSION

__all__ = ["QueryParts", "identified_match", "identifier_key", "query_keys", "split_query"]

MIN_KEY = 5
"""Shorter numbers (house numbers, `NO. 3`) name nothing on their own."""
MAX_KEY = 40

_LABEL = re.compile(r"^(?:IMO|MMSI|LEI|MSN|NO|NR|#)(?=[\s.:#-]*[0-9])[\s.:#-]*", re.IGNORECASE)
_LABELLED = re.compile(
    r"[(\[]?\s*\b(?P<label>IMO|MMSI|LEI)\b[\s.:#-]*(?P<value>[0-9][0-9A-Z]{6,19})\b\s*[)\]]?",
    re.IGNORECASE,
)
# A bracketed code of letters and digits (an aircraft model, a serial number), alone or
# with up to three words (`(Airbus A340-642)`): not a name. Digits alone (a year,
# `(2019) Ltd`) stay in the name.
_CODE = r"(?=[^\s()\[\]]*\d)(?=[^\s()\[\]]*[A-Z])[0-9A-Z][0-9A-Z./-]{1,19}"
_WORD = r"[^\s()\[\]]{1,20}"
_BRACKETED_CODE = re.compile(
    rf"[(\[]\s*(?:{_WORD}\s+){{0,3}}?(?P<code>{_CODE})(?:\s+{_WORD}){{0,3}}?\s*[)\]]",
    re.IGNORECASE,
)
_BRACKETED_NUMBER = re.compile(r"[(\[]\s*(?P<code>[0-9][0-9 /-]{4,30})\s*[)\]]")
_VESSEL_PREFIX = re.compile(r"^\s*M\s*/\s*[VTSY]\b\.?\s*", re.IGNORECASE)
_VESSEL_PREFIX_WORD = re.compile(r"^\s*(?:M\.?\s?[VTS]\.|MV|MT|MS|MY)\s+", re.IGNORECASE)
_ID_LABEL = re.compile(
    r"^\s*(?:passport|registration|reg|tax\s+id|id|lei|imo|mmsi|msn)\b\.?\s*"
    r"(?:no\b\.?|number|#)?[\s:#-]*",
    re.IGNORECASE,
)


def identifier_key(value: str) -> str | None:
    """Letters and digits only, upper case, without a leading label (`IMO 9420356` and
    `9420356` share `9420356`); None for what cannot be an identifier (no digit, or fewer
    than `MIN_KEY` characters)."""
    text = _LABEL.sub("", unicodedata.normalize("NFKC", value).strip().upper())
    key = "".join(c for c in text if c.isalnum())
    if not MIN_KEY <= len(key) <= MAX_KEY or not any(c.isdigit() for c in key):
        return None
    return key


@dataclass(frozen=True, slots=True)
class QueryParts:
    """A query's name as it is matched, and the identifier keys it carried."""

    name: str
    identifiers: tuple[str, ...]


def split_query(name: str, entity_type: str | None = None) -> QueryParts:
    """Take identifiers, bracketed codes and a vessel prefix out of a query's name.

    A name that is only an identifier (`9420356`, `IMO 9420356`, `Passport A1234567`) is
    also kept as the name: it may still be a listed name (`EP-GOM`)."""
    keys: list[str] = []
    text = name

    def labelled(m: re.Match[str]) -> str:
        key = identifier_key(m["value"])
        if key is None:
            return m[0]
        keys.append(key)
        return " "

    def code(m: re.Match[str]) -> str:
        key = identifier_key(m["code"]) if m[0][1:-1].strip() == m["code"] else None
        if key is not None:
            keys.append(key)
        return " "

    text = _LABELLED.sub(labelled, text)
    text = _BRACKETED_CODE.sub(code, text)
    keys.extend(k for m in _BRACKETED_NUMBER.finditer(text) if (k := identifier_key(m["code"])))
    text = _VESSEL_PREFIX.sub("", text)
    if entity_type == "vessel":
        text = _VESSEL_PREFIX_WORD.sub("", text)
    text = " ".join(text.split())
    whole = _whole_identifier(name)
    if whole is not None:
        keys.append(whole)
    if not text:
        text = name
    return QueryParts(text, tuple(dict.fromkeys(keys)))


def _whole_identifier(name: str) -> str | None:
    """The key of a name that is only an identifier (`B 960789`, `Passport 92/664`):
    mostly digits once a label is taken off."""
    key = identifier_key(_ID_LABEL.sub("", name))
    if key is None or 2 * sum(c.isdigit() for c in key) < len(key):
        return None
    return key


def query_keys(values: Iterable[str]) -> list[str]:
    """The keys of identifier values given with a query."""
    return [k for k in map(identifier_key, values) if k is not None]


def identified_match(
    by_name: Match | None,
    record: IndexRecord,
    key: str,
    *,
    score: float,
    query_text: str,
    level: str,
) -> Match:
    """The match of an entry that publishes identifier `key`: its name match (if any)
    raised to `score` by an `identifier` feature that says which published value agreed."""
    listed = next(v for v in record.identifiers if identifier_key(v) == key)
    detail = f"{key} is published for this entry as {listed!r}"
    if by_name is not None:
        gain = max(0.0, round(score - by_name.score, 6))
        explanation = by_name.explanation
        explanation = replace(
            explanation,
            features=(*explanation.features, FeatureContribution("identifier", gain, detail)),
            score=max(score, by_name.score),
        )
        return replace(by_name, score=explanation.score, explanation=explanation, level=level)
    explanation = Explanation(
        query_name=query_text,
        matched_name=record.names[0] if record.names else "",
        matched_normalised="",
        alignments=(),
        features=(FeatureContribution("identifier", score, detail),),
        score=score,
        engine_version=ENGINE_VERSION,
    )
    return Match.of(record, explanation, primary=True, level=level)
