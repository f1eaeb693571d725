"""The organisation benchmark set: real listed organisations typed the ways people type
them, and real or plausible organisations that are on no list.

Built deterministically (seed 20231130) from the CSL 2023 file in shared/data, never
stored in the repository: `cases()` rebuilds it on demand and `python
benchmarks/org_set.py` writes it to benchmarks/results/org_set.csv for reading.

Positives. Organisation rows of the CSL (Entity List, MEU, UVL, and the entity rows of the
other lists: SDN, SSI, CMIC, ...; a row of unknown type counts when its name carries a
legal form or an organisation word). Up to 700 rows are drawn; each gives two queries,
each made by one variation drawn from:

- `upper`: upper-cased;
- `legal_changed`: its legal form swapped for an equivalent one (`Co., Ltd.` ->
  `Company Limited` -> `CO LTD`, `LLC` -> `L.L.C.`, `JSC` -> `Joint Stock Company`, ...),
  or one added when it has none;
- `legal_dropped`: its legal form removed;
- `parens_removed`: parentheses dropped and the legal form abbreviated, upper case
  (`Inspur (Taiwan) Company Limited` -> `INSPUR TAIWAN CO LTD`);
- `typo`: one random edit (substitution, deletion, insertion, swap) in a word of 5+ letters;
- `word_moved`: one word moved to another position;
- `abbreviated`: common words abbreviated (`Technology` -> `Tech`, `International` ->
  `Intl`, `Company` -> `Co`, ...);
- `lookalikes`: one to three Latin letters replaced by Cyrillic or Greek look-alikes;
- `cyrillic`: for parties in Russia, Belarus, Ukraine and Kazakhstan, the name written in
  Cyrillic as a Russian speaker would type it: legal forms in their Russian abbreviations
  (`JSC` -> `АО`, `LLC` -> `ООО`), the rest letter by letter (`Sovfracht` -> `СОВФРАЧТ`).

Negatives. (a) about 175 well-known companies (Fortune Global 500 and similar) typed here by
hand, none of them listed; (b) 300 names made only of generic words
(`{place} {sector} {kind} {legal form}`, e.g. `Global Technology Trading Co Ltd`); (c)
200 invented but plausible names (`{syllables} {sector} {legal form}`). A negative whose
normalised tokens, legal forms aside, equal those of a listed name is dropped: it is that
listed party (`Hong Kong Electronics Limited` is the listed `HONG KONG ELECTRONICS`).
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass

from common import RESULTS, entries
from entitylist.matching import DEFAULT_NORMALIZER, NameKind, TokenKind

SEED = 20231130

LEGAL_SWAPS: list[tuple[re.Pattern[str], list[str]]] = [
    (
        re.compile(r"(?:,\s*|\s+)(Co\.?,?\s*Ltd\.?|Company Limited|Co\.?\s+Limited)$", re.I),
        [" Co., Ltd.", " Company Limited", " CO LTD", " Co Ltd"],
    ),
    (re.compile(r"(?:,\s*|\s+)(Ltd\.?|Limited)$", re.I), [" Ltd.", " Limited", " LTD"]),
    (
        re.compile(r"(?:,\s*|\s+)(L\.?L\.?C\.?|Limited Liability Company)$", re.I),
        [" LLC", " L.L.C.", " Limited Liability Company"],
    ),
    (re.compile(r"(?:,\s*|\s+)(Inc\.?|Incorporated)$", re.I), [" Inc.", " Incorporated", " INC"]),
    (re.compile(r"(?:,\s*|\s+)(Corp\.?|Corporation)$", re.I), [" Corp.", " Corporation", " CORP"]),
    (re.compile(r"(?:,\s*|\s+)(GmbH)$", re.I), [" GmbH", " G.m.b.H."]),
    (re.compile(r"(?:,\s*|\s+)(S\.?A\.?)$", re.I), [" S.A.", " SA"]),
    (
        re.compile(r"(?:,\s*|\s+)(J\.?S\.?C\.?|Joint Stock Company)$", re.I),
        [" JSC", " Joint Stock Company", " J.S.C."],
    ),
    (re.compile(r"(?:,\s*|\s+)(O\.?O\.?O\.?)$", re.I), [" OOO", " LLC"]),
    (
        re.compile(r"(?:,\s*|\s+)(Pvt\.?\s*Ltd\.?|Private Limited)$", re.I),
        [" Pvt. Ltd.", " Private Limited"],
    ),
]
ADDED_LEGAL = [" Co., Ltd.", " Ltd.", " LLC", " Inc.", " Company Limited"]
ABBREVIATIONS = {
    "technology": "Tech",
    "technologies": "Tech",
    "international": "Intl",
    "electronics": "Elec",
    "electronic": "Elec",
    "manufacturing": "Mfg",
    "corporation": "Corp",
    "university": "Univ",
    "institute": "Inst",
    "engineering": "Eng",
    "company": "Co",
    "limited": "Ltd",
    "group": "Grp",
    "industries": "Inds",
    "national": "Natl",
    "equipment": "Equip",
    "development": "Dev",
    "trading": "Trdg",
    "academy": "Acad",
}
LOOKALIKES = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
    "A": "А",
    "B": "В",
    "E": "Е",
    "H": "Н",
    "K": "К",
    "M": "М",
    "O": "Ο",
    "P": "Р",
    "C": "С",
    "T": "Т",
    "X": "Х",
    "i": "і",
    "I": "І",
}
CYRILLIC = [
    ("shch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "ы"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("c", "к"),
    ("h", "х"),
    ("w", "в"),
    ("x", "кс"),
    ("j", "дж"),
    ("q", "к"),
]
CYRILLIC_COUNTRIES = {"RU", "BY", "UA", "KZ"}

WELL_KNOWN = """Walmart Inc.; Amazon.com, Inc.; Apple Inc.; CVS Health Corporation;
UnitedHealth Group Incorporated; Exxon Mobil Corporation; Berkshire Hathaway Inc.;
Alphabet Inc.; McKesson Corporation; AmerisourceBergen Corporation; Costco Wholesale
Corporation; Cigna Corporation; AT&T Inc.; Microsoft Corporation; Cardinal Health, Inc.;
Chevron Corporation; The Home Depot, Inc.; Walgreens Boots Alliance, Inc.; Marathon
Petroleum Corporation; Elevance Health, Inc.; Kroger Co.; Ford Motor Company; Verizon
Communications Inc.; JPMorgan Chase & Co.; General Motors Company; Centene Corporation;
Meta Platforms, Inc.; Comcast Corporation; Phillips 66; Valero Energy Corporation; Dell
Technologies Inc.; Target Corporation; Fannie Mae; United Parcel Service, Inc.; Lowe's
Companies, Inc.; Bank of America Corporation; Johnson & Johnson; Archer-Daniels-Midland
Company; FedEx Corporation; Humana Inc.; Wells Fargo & Company; State Farm Mutual
Automobile Insurance Company; Pfizer Inc.; Citigroup Inc.; PepsiCo, Inc.; Intel
Corporation; Procter & Gamble Company; General Electric Company; IBM Corporation; MetLife,
Inc.; Prudential Financial, Inc.; Albertsons Companies, Inc.; The Walt Disney Company;
Energy Transfer LP; Lockheed Martin Corporation; Freddie Mac; Goldman Sachs Group, Inc.;
Raytheon Technologies Corporation; HP Inc.; The Boeing Company; Morgan Stanley; HCA
Healthcare, Inc.; AbbVie Inc.; Dow Inc.; Tesla, Inc.; Allstate Corporation; American
International Group, Inc.; Best Buy Co., Inc.; Charter Communications, Inc.; Sysco
Corporation; Merck & Co., Inc.; New York Life Insurance Company; Caterpillar Inc.; Cisco
Systems, Inc.; TJX Companies, Inc.; Oracle Corporation; Nike, Inc.; Deere & Company;
Toyota Motor Corporation; Volkswagen AG; Royal Dutch Shell plc; BP p.l.c.; Samsung
Electronics Co., Ltd.; Glencore plc; Daimler AG; Allianz SE; Stellantis N.V.; AXA S.A.;
TotalEnergies SE; Trafigura Group Pte. Ltd.; Honda Motor Co., Ltd.; Mitsubishi
Corporation; Nippon Telegraph and Telephone Corporation; Bayerische Motoren Werke AG;
Nestlé S.A.; Siemens Aktiengesellschaft; Deutsche Telekom AG; Hitachi, Ltd.; Sony Group
Corporation; Enel S.p.A.; Banco Santander, S.A.; Carrefour S.A.; Tesco PLC; Unilever PLC;
Hyundai Motor Company; SK Hynix Inc.; LG Electronics Inc.; Nissan Motor Co., Ltd.;
Panasonic Holdings Corporation; Roche Holding AG; Novartis AG; BASF SE; Bosch GmbH;
Airbus SE; Equinor ASA; Petrobras; Reliance Industries Limited; Tata Motors Limited;
Infosys Limited; Wipro Limited; Mahindra & Mahindra Limited; Accenture plc; Siemens
Healthineers AG; Ping An Insurance (Group) Company of China, Ltd.; Alibaba Group Holding
Limited; Tencent Holdings Limited; JD.com, Inc.; BYD Company Limited; Lenovo Group
Limited; Xiaomi Corporation; Midea Group Co., Ltd.; Haier Smart Home Co., Ltd.; Country
Garden Holdings Company Limited; Foxconn Industrial Internet Co., Ltd.; Hon Hai Precision
Industry Co., Ltd.; Taiwan Semiconductor Manufacturing Company Limited; MediaTek Inc.;
Canon Inc.; Fujitsu Limited; Toshiba Corporation; Kyocera Corporation; Denso Corporation;
Bridgestone Corporation; Ericsson AB; Nokia Oyj; ABB Ltd; Philips N.V.; ASML Holding N.V.;
Heineken N.V.; Anheuser-Busch InBev SA/NV; L'Oréal S.A.; LVMH Moët Hennessy Louis Vuitton
SE; Danone S.A.; Orange S.A.; Vodafone Group Plc; BT Group plc; Barclays PLC; HSBC
Holdings plc; Lloyds Banking Group plc; Rio Tinto Group; BHP Group Limited; Woolworths
Group Limited; Commonwealth Bank of Australia; Royal Bank of Canada; Magna International
Inc.; Brookfield Corporation; America Movil S.A.B. de C.V.; Grupo Bimbo; Femsa;
Vale S.A.; Itau Unibanco Holding S.A.; Emirates Telecommunications Group Company PJSC;
Saudi Basic Industries Corporation; Turkcell Iletisim Hizmetleri A.S.; Koc Holding A.S."""

PLACES = [
    "Global",
    "International",
    "Asia Pacific",
    "Shenzhen",
    "Shanghai",
    "Beijing",
    "Hong Kong",
    "Dubai",
    "New",
    "United",
    "East",
    "Golden",
    "Eastern",
    "First",
    "Guangzhou",
    "Great Wall",
    "Pacific",
    "Euro",
    "Central",
    "Continental",
]
SECTORS = [
    "Technology",
    "Trading",
    "Electronics",
    "Industrial",
    "Logistics",
    "Energy",
    "Import and Export",
    "Engineering",
    "Development",
    "Machinery",
    "Investment",
    "Supply",
    "Materials",
    "Chemical",
    "Shipping",
    "Science and Technology",
    "Information Technology",
    "Equipment",
    "Resources",
    "Holdings",
]
KINDS = [
    "Co Ltd",
    "Co., Ltd.",
    "Company Limited",
    "Group",
    "LLC",
    "Inc.",
    "Limited",
    "Corporation",
    "Trading Co Ltd",
    "Development Co., Ltd.",
    "International Ltd",
]
SYLLABLES = [
    "zen",
    "tra",
    "vol",
    "mar",
    "kix",
    "dor",
    "lum",
    "qua",
    "sen",
    "tor",
    "ver",
    "nox",
    "pla",
    "rio",
    "gen",
    "tex",
    "mon",
    "cal",
    "bri",
    "fal",
    "hal",
    "jun",
]


@dataclass(frozen=True)
class Case:
    query: str
    expected_ref: str | None
    """The listed entry the query names; None for a negative."""
    kind: str
    """The variation (positives) or the negative family."""
    source_name: str = ""
    country: str | None = None


ORG_WORDS = re.compile(
    r"\b(co|corp|corporation|company|companies|ltd|limited|llc|inc|incorporated|gmbh|"
    r"s\.?a|jsc|ojsc|cjsc|pjsc|ooo|oao|zao|ao|plc|llp|pte|pvt|sdn|bhd|fze|fzco|bv|nv|ag|"
    r"group|holding|holdings|trading|trade|industries|industrial|industry|technology|"
    r"technologies|tech|electronics|electronic|engineering|international|institute|"
    r"university|academy|bureau|center|centre|laboratory|factory|plant|enterprise|"
    r"enterprises|import|export|logistics|shipping|bank|systems|services|development|"
    r"research|association|organization|corps|army|ministry|department|establishment|"
    r"authority|agency|office|works|zavod|obshchestvo|aktsionernoe)\b",
    re.I,
)


def _is_organisation(entry) -> bool:  # type: ignore[no-untyped-def]
    """Entity rows, and rows of unknown type whose name has an organisation word (a fixed
    list here, independent of the engine, so that the set does not move with it)."""
    etype = str(entry.entry_type)
    if etype == "entity":
        return True
    return etype == "unknown" and ORG_WORDS.search(entry.name) is not None


def _legal_match(name: str) -> tuple[re.Match[str], list[str]] | None:
    for pattern, options in LEGAL_SWAPS:
        found = pattern.search(name)
        if found:
            return found, options
    return None


def _upper(name: str, rng: random.Random) -> str:
    return name.upper()


def _legal_changed(name: str, rng: random.Random) -> str:
    found = _legal_match(name)
    if found is None:
        return name + rng.choice(ADDED_LEGAL)
    match, options = found
    current = match.group(0).strip().lower()
    others = [o for o in options if o.strip().lower() != current] or options
    return name[: match.start()] + rng.choice(others)


def _legal_dropped(name: str, rng: random.Random) -> str:
    found = _legal_match(name)
    if found is None:
        return name
    return name[: found[0].start()].rstrip(" ,")


def _parens_removed(name: str, rng: random.Random) -> str:
    text = re.sub(r"[()]", " ", name)
    text = re.sub(r"\bCompany Limited\b|\bCo\.,? Ltd\.?", "CO LTD", text, flags=re.I)
    return re.sub(r"[.,]", "", re.sub(r"\s+", " ", text)).strip().upper()


def _typo(name: str, rng: random.Random) -> str:
    words = name.split()
    long = [k for k, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return name
    k = rng.choice(long)
    w = words[k]
    i = rng.randrange(1, len(w) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == "sub":
        w = w[:i] + rng.choice(letters) + w[i + 1 :]
    elif op == "del":
        w = w[:i] + w[i + 1 :]
    elif op == "ins":
        w = w[:i] + rng.choice(letters) + w[i:]
    else:
        w = w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]
    words[k] = w
    return " ".join(words)


def _word_moved(name: str, rng: random.Random) -> str:
    found = _legal_match(name)
    core, tail = (name[: found[0].start()], name[found[0].start() :]) if found else (name, "")
    words = core.split()
    if len(words) < 2:
        return name
    word = words.pop(rng.randrange(len(words)))
    words.insert(rng.randrange(len(words) + 1), word)
    return " ".join(words) + tail


def _abbreviated(name: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        return ABBREVIATIONS.get(m.group(0).lower(), m.group(0))

    return re.sub(r"[A-Za-z]+", repl, name)


def _lookalikes(name: str, rng: random.Random) -> str:
    spots = [k for k, ch in enumerate(name) if ch in LOOKALIKES]
    if not spots:
        return name
    chars = list(name)
    for k in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        chars[k] = LOOKALIKES[chars[k]]
    return "".join(chars)


RUSSIAN_LEGAL = [
    (re.compile(r"\b(?:Open Joint[- ]Stock Company|OJSC|OAO)\b", re.I), "ОАО"),
    (re.compile(r"\b(?:Public Joint[- ]Stock Company|PJSC|PAO)\b", re.I), "ПАО"),
    (re.compile(r"\b(?:Closed Joint[- ]Stock Company|CJSC|ZAO)\b", re.I), "ЗАО"),
    (re.compile(r"\b(?:Joint[- ]Stock Company|JSC|AO)\b", re.I), "АО"),
    (re.compile(r"\b(?:Limited Liability Company|LLC|OOO)\b", re.I), "ООО"),
    (re.compile(r"\bCompany\b", re.I), "Компания"),
]


def to_cyrillic(name: str) -> str:
    """The name as a Russian speaker would type it: legal forms in their Russian
    abbreviations (`JSC` -> `АО`, `LLC` -> `ООО`), the rest letter by letter."""
    for pattern, russian in RUSSIAN_LEGAL:
        name = pattern.sub(russian, name)
    out = []
    text = name.lower()
    i = 0
    while i < len(text):
        for latin, cyr in CYRILLIC:
            if text.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out).upper()


VARIATIONS = {
    "upper": _upper,
    "legal_changed": _legal_changed,
    "legal_dropped": _legal_dropped,
    "parens_removed": _parens_removed,
    "typo": _typo,
    "word_moved": _word_moved,
    "abbreviated": _abbreviated,
    "lookalikes": _lookalikes,
}


def positives(rng: random.Random, count: int = 700) -> list[Case]:
    orgs = [e for e in entries("csl") if _is_organisation(e)]
    chosen = rng.sample(orgs, min(count, len(orgs)))
    out: list[Case] = []
    for entry in chosen:
        country = entry.countries[0] if entry.countries else None
        names = list(VARIATIONS)
        if country in CYRILLIC_COUNTRIES:
            names.append("cyrillic")
        for kind in rng.sample(names, 2):
            if kind == "cyrillic":
                query = to_cyrillic(entry.name)
            else:
                query = VARIATIONS[kind](entry.name, rng)
            if query == entry.name and kind not in ("upper",):
                continue  # the variation did not apply to this name
            out.append(Case(query, f"csl|{entry.key}", kind, entry.name, country))
    return out


def negatives(rng: random.Random, listed: set[tuple[str, ...]]) -> list[Case]:
    out: list[Case] = []
    for name in re.split(r";\s*", " ".join(WELL_KNOWN.split())):
        out.append(Case(name, None, "well_known"))
    seen: set[str] = set()
    while len([c for c in out if c.kind == "generic"]) < 300:
        name = f"{rng.choice(PLACES)} {rng.choice(SECTORS)} {rng.choice(KINDS)}"
        if name in seen:
            continue
        seen.add(name)
        out.append(Case(name, None, "generic"))
    while len([c for c in out if c.kind == "invented"]) < 200:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = f"{word} {rng.choice(SECTORS)} {rng.choice(KINDS)}"
        out.append(Case(name, None, "invented"))
    return [c for c in out if core(c.query) not in listed]


def name_words(name: str) -> tuple[str, ...]:
    """A name's normalised tokens other than legal forms, in order."""
    form = DEFAULT_NORMALIZER(name, NameKind.ORGANISATION)
    return tuple(
        t for t, k in zip(form.tokens, form.kinds, strict=True) if k is not TokenKind.LEGAL
    )


def core(name: str) -> tuple[str, ...]:
    """A name's tokens other than legal forms, sorted: equal cores name the same party."""
    return tuple(sorted(name_words(name)))


def cases() -> list[Case]:
    rng = random.Random(SEED)
    listed: set[tuple[str, ...]] = set()
    from common import ALL_LISTS, records

    for rec in records(ALL_LISTS):
        for name in rec.names:
            listed.add(core(name))
    return positives(rng) + negatives(rng, listed)


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "org_set.csv"
    rows = cases()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["query", "expected_ref", "kind", "source_name", "country"])
        for c in rows:
            writer.writerow([c.query, c.expected_ref or "", c.kind, c.source_name, c.country or ""])
    print(f"{len(rows)} cases written to {path}")


if __name__ == "__main__":
    main()
