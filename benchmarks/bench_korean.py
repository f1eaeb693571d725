"""Korean persons written in another romanisation, and their near-namesakes.

Positives: the North Korean persons of the OFAC SDN (2021) and UN lists (the DPRK
programmes) whose listed name is a surname and given-name syllables all in `SYLLABLES`
below (names of other origins on those programmes are left out), written as a screener
meets them: in the Revised Romanization (`Gim Jeong Eun`, and `Gim Jeong-eun`), in South
Korean usage (`Kim Jung-eun`, `Lee`, `Park`, `Choi`) and in Hangul (`김정은`, South Korean
spelling: the surname 리 as 이). Found when the listed entry scores >= alert (and >=
review) against all shared lists.

Negatives: (a) the yente benchmark's synthetic persons written in Hangul (3,526 names of
`negatives_us.csv` + `negatives_global.csv`, given names first), a false alert being any
result >= alert; (b) near-namesakes: each positive with one given-name syllable replaced by
another syllable one or two letters away (`KIM Jong Un` -> `KIM Jang Un`), written as
listed, unless some listed person carries that name; a false alert is the positive's own
entry at >= alert.

The readings below come from the McCune-Reischauer and Revised Romanization tables and
South Korean usage; they are the benchmark's own, written apart from the engine's
`korean_syllables.yml`. Where a romanisation is ambiguous (MR `song` is 성 or 송) the
common name syllable is used. Not part of the test suite.
Usage: python benchmarks/bench_korean.py
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from rapidfuzz.distance import Levenshtein

from common import ALL_LISTS, DATA, entries, read_csv, records, table, write_results
from entitylist.matching import DEFAULT_THRESHOLDS, MatchIndex, Query

SEED = 20261203
# MR spelling as North Korean listings write it -> (Hangul, Revised Romanization, South
# Korean usage).
SYLLABLES: dict[str, tuple[str, str, str]] = {
    "kim": ("김", "gim", "kim"), "chol": ("철", "cheol", "chul"), "ri": ("이", "lee", "lee"),
    "yong": ("영", "yeong", "young"), "il": ("일", "il", "il"), "chun": ("춘", "chun", "chun"),
    "song": ("성", "seong", "sung"), "pak": ("박", "bak", "park"),
    "jong": ("정", "jeong", "jung"), "nam": ("남", "nam", "nam"), "ho": ("호", "ho", "ho"),
    "choe": ("최", "choe", "choi"), "kyong": ("경", "gyeong", "kyung"), "su": ("수", "su", "soo"),
    "kwang": ("광", "gwang", "kwang"),
    "mun": ("문", "mun", "moon"), "kang": ("강", "gang", "kang"), "man": ("만", "man", "man"),
    "hyok": ("혁", "hyeok", "hyuk"), "won": ("원", "won", "won"), "chang": ("장", "jang", "chang"),
    "jang": ("장", "jang", "jang"), "tong": ("동", "dong", "dong"), "jin": ("진", "jin", "jin"),
    "jo": ("조", "jo", "cho"), "cho": ("조", "jo", "cho"), "min": ("민", "min", "min"),
    "hun": ("훈", "hun", "hoon"), "sok": ("석", "seok", "suk"), "ryong": ("룡", "ryong", "yong"),
    "chong": ("정", "jeong", "chung"), "sik": ("식", "sik", "shik"), "ko": ("고", "go", "ko"),
    "hwan": ("환", "hwan", "hwan"), "yon": ("연", "yeon", "yeon"), "kyu": ("규", "gyu", "kyu"),
    "yu": ("유", "yu", "yoo"), "pyong": ("병", "byeong", "byung"), "bong": ("봉", "bong", "bong"),
    "han": ("한", "han", "han"), "hwang": ("황", "hwang", "hwang"), "gon": ("건", "geon", "gun"),
    "ok": ("옥", "ok", "ok"), "hwa": ("화", "hwa", "hwa"), "hong": ("홍", "hong", "hong"),
    "ku": ("구", "gu", "koo"), "myong": ("명", "myeong", "myung"), "paek": ("백", "baek", "paik"),
    "se": ("세", "se", "se"), "ryu": ("류", "ryu", "ryu"), "kil": ("길", "gil", "kil"),
    "mu": ("무", "mu", "moo"), "jae": ("재", "jae", "jae"), "ha": ("하", "ha", "ha"),
    "byong": ("병", "byeong", "byung"), "hwi": ("휘", "hwi", "hwi"), "ung": ("웅", "ung", "woong"),
    "pae": ("배", "bae", "bae"), "uk": ("욱", "uk", "wook"), "sang": ("상", "sang", "sang"),
    "jun": ("준", "jun", "joon"), "chu": ("주", "ju", "joo"), "ja": ("자", "ja", "ja"),
    "hyong": ("형", "hyeong", "hyung"), "sop": ("섭", "seop", "sub"), "sam": ("삼", "sam", "sam"),
    "tae": ("태", "tae", "tae"), "kuk": ("국", "guk", "kook"), "ryol": ("렬", "ryeol", "ryul"),
    "so": ("서", "seo", "suh"), "pong": ("봉", "bong", "bong"), "pu": ("부", "bu", "boo"),
    "ki": ("기", "gi", "ki"), "pil": ("필", "pil", "pil"), "yo": ("여", "yeo", "yeo"),
    "pang": ("방", "bang", "bang"), "kwak": ("곽", "gwak", "kwak"), "ryom": ("렴", "ryeom", "yeom"),
    "hui": ("희", "hui", "hee"), "ji": ("지", "ji", "ji"), "cha": ("차", "cha", "cha"),
    "thae": ("태", "tae", "tae"), "sin": ("신", "sin", "shin"), "thaek": ("택", "taek", "taek"),
    "hae": ("해", "hae", "hae"), "tok": ("덕", "deok", "duk"), "bok": ("복", "bok", "bok"),
    "hak": ("학", "hak", "hak"), "chan": ("찬", "chan", "chan"), "kwon": ("권", "gwon", "kwon"),
    "ryang": ("량", "ryang", "yang"), "yun": ("윤", "yun", "yoon"), "je": ("제", "je", "je"),
    "ro": ("로", "ro", "ro"), "ra": ("라", "ra", "ra"), "chae": ("채", "chae", "chae"),
    "hyon": ("현", "hyeon", "hyun"), "bom": ("범", "beom", "bum"), "jon": ("전", "jeon", "jeon"),
    "guk": ("국", "guk", "kook"), "un": ("은", "eun", "eun"),
}  # fmt: skip
DPRK = re.compile(r"DPRK|NKSPEA")
Syllables = tuple[str, tuple[str, ...]]


def spell(parts: Syllables, column: int, hyphen: bool) -> str:
    surname, given = parts
    words = [SYLLABLES[s][column].capitalize() for s in given]
    written = "-".join(words).capitalize() if hyphen else " ".join(words)
    return f"{SYLLABLES[surname][column].capitalize()} {written}"


STYLES: dict[str, Callable[[Syllables], str]] = {
    "Revised Romanization": lambda p: spell(p, 1, False),
    "Revised, given hyphenated": lambda p: spell(p, 1, True),
    "South Korean usage": lambda p: spell(p, 2, True),
    "Hangul": lambda p: "".join(SYLLABLES[s][0] for s in (p[0], *p[1])),
}


def syllables(name: str) -> Syllables | None:
    """(surname, given syllables) of a listed `SURNAME, Given Given` / `SURNAME GIVEN-GIVEN`
    name when every syllable is one of `SYLLABLES`."""
    words = [w for w in re.split(r"[\s,\-]+", name.casefold().replace("'", "")) if w]
    if len(words) < 2 or any(w not in SYLLABLES for w in words):
        return None
    return words[0], tuple(words[1:])


def positives() -> list[tuple[str, str, Syllables]]:
    """(ref, listed name, syllables) of the Korean persons on the DPRK programmes."""
    out = []
    for source in ("ofac", "un"):
        for entry in entries(source):
            if entry.entry_type.value != "individual" or not any(
                DPRK.search(p) for p in entry.programs
            ):
                continue
            parts = syllables(entry.name)
            if parts is not None:
                out.append((f"{source}|{entry.key}", entry.name, parts))
    return out


def near_namesake(parts: Syllables, rng: random.Random) -> Syllables | None:
    """`parts` with one given syllable replaced by another syllable 1-2 letters away."""
    surname, given = parts
    k = rng.randrange(len(given))
    options = [
        s
        for s in SYLLABLES
        if SYLLABLES[s][0] != SYLLABLES[given[k]][0] and 1 <= Levenshtein.distance(s, given[k]) <= 2
    ]
    if not options:
        return None
    return surname, (*given[:k], rng.choice(sorted(options)), *given[k + 1 :])


def own_score(index: MatchIndex, query: str, ref: str) -> float:
    found = index.search(Query(query), threshold=0.0, limit=50)
    return max((m.score for m in found if m.ref == ref), default=0.0)


def main() -> None:
    recs = records(ALL_LISTS)
    index = MatchIndex.build(recs)
    alert, review = DEFAULT_THRESHOLDS.alert, DEFAULT_THRESHOLDS.review
    people = positives()
    rows, misses = [], []
    for style, write in STYLES.items():
        found_alert = found_review = 0
        for ref, listed, parts in people:
            query = write(parts)
            score = own_score(index, query, ref)
            found_alert += score >= alert
            found_review += score >= review
            if score < alert:
                misses.append({"style": style, "query": query, "listed": listed, "score": score})
        rows.append((style, len(people), found_alert / len(people), found_review / len(people)))
    listed_names = {syllables(n) for r in recs for n in r.names} - {None}
    rng = random.Random(SEED)
    near = near_alerts = 0
    false_alerts = []
    for ref, listed, parts in people:
        other = near_namesake(parts, rng)
        if other is None or other in listed_names:
            continue
        query = f"{other[0].upper()}, {' '.join(s.capitalize() for s in other[1])}"
        near += 1
        score = own_score(index, query, ref)
        if score >= alert:
            near_alerts += 1
            false_alerts.append({"kind": "near-namesake", "query": query, "listed": listed})
    hangul = [
        row["full_name"]
        for f in ("negatives_us.csv", "negatives_global.csv")
        for row in read_csv(DATA / "benchmarks" / "yente" / f)
        if re.search("[\uac00-\ud7a3]", row["full_name"])
    ]
    hangul_alerts = 0
    for name in hangul:
        hits = [m for m in index.search(Query(name), limit=5) if m.score >= alert]
        if hits:
            hangul_alerts += 1
            false_alerts.append(
                {
                    "kind": "hangul",
                    "query": name,
                    "hit": hits[0].matched_name,
                    "score": hits[0].score,
                }
            )
    table(
        "Korean persons in other romanisations (alert 0.8, review 0.7)",
        [
            *rows,
            ("near-namesakes: false alerts", near, near_alerts / max(near, 1), ""),
            ("Hangul yente negatives: false alerts", len(hangul), hangul_alerts / len(hangul), ""),
        ],
        ("style", "n", "found @alert", "found @review"),
    )
    write_results("korean", {"rows": rows, "misses": misses, "false_alerts": false_alerts})


if __name__ == "__main__":
    main()
