"""The Affiliates rule's status on a day: not yet in force, in force, or suspended, each
with the Federal Register notice it rests on.

The status is data, not code: `data/affiliates.yml` as shipped, or the user's reviewed copy
(`entitylist rules update --from FILE`), which replaces it once it has been checked. After
the newest notice's dates, the rule is taken to be in force as its last notice leaves it,
and the answer says which notice is the newest it knows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from entitylist.errors import InputError

RULE = "affiliates"


@dataclass(frozen=True)
class Notice:
    kind: str  # suspension | reinstatement | extension | amendment
    citation: str
    document_number: str
    published: date
    start: date
    end: date | None
    summary: str


@dataclass(frozen=True)
class RuleStatus:
    """The rule and every notice about it, as reviewed data."""

    data: dict[str, Any]
    citation: str
    effective: date
    notices: tuple[Notice, ...]
    origin: str

    @property
    def newest_notice(self) -> date:
        return max([self.published, *(n.published for n in self.notices)])

    @property
    def published(self) -> date:
        return _day(self.data, "published")

    @property
    def applies_to(self) -> tuple[str, ...]:
        return tuple(item["list"] for item in self.data.get("applies_to", ()))

    @property
    def needs_classification(self) -> dict[str, str]:
        """The lists whose owners count only after a classification the data cannot make
        (SDNs: only those of the programs in 15 CFR 744.8(a)(1)), with the data's reason."""
        return {
            str(item["list"]): " ".join(str(item["needs_classification"]).split())
            for item in self.data.get("applies_to", ())
            if item.get("needs_classification")
        }

    def on(self, day: date) -> RuleAnswer:
        """The status on `day`, in words a compliance officer can quote."""
        cite = f"{self.citation}, effective {self.effective.isoformat()}"
        if day < self.effective:
            return RuleAnswer(
                day, "not_in_force", f"the Affiliates rule ({cite}) was not yet in force", self
            )
        for notice in sorted(self.notices, key=lambda n: n.start, reverse=True):
            if notice.kind == "suspension" and _within(day, notice):
                end = notice.end.isoformat() if notice.end else "further notice"
                text = (
                    f"the Affiliates rule was suspended from {notice.start.isoformat()} to "
                    f"{end} ({notice.citation})"
                )
                return RuleAnswer(day, "suspended", text, self, notice)
        text = (
            f"the Affiliates rule ({cite}) is in force on {day.isoformat()} per the notices "
            f"known, the newest published {self.newest_notice.isoformat()}"
        )
        return RuleAnswer(day, "in_force", text, self)


@dataclass(frozen=True)
class RuleAnswer:
    day: date
    state: str  # not_in_force | in_force | suspended
    text: str
    rule: RuleStatus
    notice: Notice | None = None

    @property
    def in_force(self) -> bool:
        return self.state == "in_force"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": RULE,
            "on": self.day.isoformat(),
            "state": self.state,
            "in_force": self.in_force,
            "text": self.text,
            "citation": self.rule.citation,
            "effective": self.rule.effective.isoformat(),
            "notice": self.notice.citation if self.notice else None,
            "newest_notice": self.rule.newest_notice.isoformat(),
            "applies_to": list(self.rule.applies_to),
            "origin": self.rule.origin,
        }


def user_copy(data_dir: Path) -> Path:
    return data_dir / "rules" / f"{RULE}.yml"


def load_rule(data_dir: Path | None = None) -> RuleStatus:
    """The user's reviewed copy when there is one, else the shipped data.

    Every screening and API request asks for the rule: the copy is read and parsed again
    only when the file changed (its inode, size or modification time; an update replaces
    the file, so it always has a new inode)."""
    if data_dir is not None:
        path = user_copy(data_dir)
        try:
            st = path.stat()
        except FileNotFoundError:
            return affiliates_rule()
        return _read_copy(str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    return affiliates_rule()


@lru_cache(maxsize=16)
def _read_copy(path: str, inode: int, size: int, mtime_ns: int) -> RuleStatus:
    del inode, size, mtime_ns  # the cache key: the file as it is now
    return _parse(Path(path).read_text(encoding="utf-8"), path)


@cache
def affiliates_rule() -> RuleStatus:
    text = resources.files("entitylist.rules").joinpath("data", f"{RULE}.yml").read_text("utf-8")
    return _parse(text, "shipped data (entitylist/rules/data/affiliates.yml)")


def rule_status_on(day: date, data_dir: Path | None = None) -> RuleAnswer:
    """The seam for other layers: the Affiliates rule's status on `day`."""
    return load_rule(data_dir).on(day)


def update_rule(data_dir: Path, source: Path) -> RuleStatus:
    """Check `source` and make it the rule data in force; a bad file changes nothing."""
    if not source.exists():
        raise InputError(f"{source}: no such file")
    text = source.read_text(encoding="utf-8")
    status = _parse(text, str(source))
    target = user_copy(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)  # whole or not at all
    return RuleStatus(status.data, status.citation, status.effective, status.notices, str(target))


def _parse(text: str, origin: str) -> RuleStatus:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{origin}{line}: not valid YAML") from None
    if not isinstance(data, dict) or data.get("rule") != RULE:
        raise InputError(f"{origin}: not the {RULE} rule's data (field rule: {RULE})")
    for key in ("citation", "effective", "published", "applies_to"):
        if key not in data:
            raise InputError(f"{origin}, field {key}: missing")
    notices = tuple(_notice(origin, i, n) for i, n in enumerate(data.get("notices") or []))
    return RuleStatus(data, str(data["citation"]), _day(data, "effective", origin), notices, origin)


def _notice(origin: str, index: int, raw: Any) -> Notice:
    where = f"{origin}, notices[{index}]"
    if not isinstance(raw, dict):
        raise InputError(f"{where}: not a mapping")
    for key in ("kind", "citation", "published", "from"):
        if key not in raw:
            raise InputError(f"{where}, field {key}: missing")
    start = _day(raw, "from", where)
    end = _day(raw, "to", where) if raw.get("to") else None
    if end is not None and end < start:
        raise InputError(f"{where}, field to: {end} is before from {start}")
    return Notice(
        kind=str(raw["kind"]),
        citation=str(raw["citation"]),
        document_number=str(raw.get("document_number", "")),
        published=_day(raw, "published", where),
        start=start,
        end=end,
        summary=str(raw.get("summary", "")).strip(),
    )


def _within(day: date, notice: Notice) -> bool:
    return notice.start <= day and (notice.end is None or day <= notice.end)


def _day(data: dict[str, Any], key: str, where: str = "rule data") -> date:
    value = data.get(key)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}, field {key}: {value!r} is not a date (YYYY-MM-DD)") from None
