"""Run as a script: search the real UN list for a fixed set of queries and print, as JSON,
which build of the matching core ran and every match in full (`repr`), so that the test
of the builds can compare a pure-Python process with a compiled one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from entitylist.matching import IndexRecord, MatchIndex, Query
from entitylist.matching_build import build_name
from list_records import published_records


def queries(records: list[IndexRecord]) -> list[str]:
    """Listed names cased, with a word dropped or a letter changed; and others."""
    names = [name for record in records[::7] for name in record.names[:2]]
    out: list[str] = []
    for name in names:
        words = name.split()
        out.append(name.lower())
        if len(words) > 2:
            out.append(" ".join(words[:-1]))
        if len(name) > 6:
            out.append(name[:3] + ("a" if name[3] != "a" else "e") + name[4:])
    return [*out, "Contoso Pharmaceuticals", "Intel Nederland BV", "Kim Jong Un", "Al Qaida"]


def main(list_file: Path) -> None:
    records = published_records(list_file, "un")
    index = MatchIndex.build(records)
    asked = [Query(q) for q in queries(records)]
    found = [[repr(m) for m in matches] for matches in index.search_many(asked, threshold=0.5)]
    json.dump({"build": build_name(), "matches": found}, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
