"""List sources, one module per published format.

Pipeline order: fetch (URL or path) -> `Bundle` of published files -> parse -> `Entry`
records. Each module exposes one `Source` object; `SOURCES` names them as the command line
does.
"""

from __future__ import annotations

from entitylist.errors import InputError
from entitylist.sources.base import Bundle, CountBounds, Source

__all__ = ["SOURCES", "Bundle", "CountBounds", "Source", "get_source"]


def _registry() -> dict[str, Source]:
    from entitylist.sources.bis_dpl import DplSource
    from entitylist.sources.csl import CslSource
    from entitylist.sources.ofac import OfacConsSource, OfacSdnSource
    from entitylist.sources.un import UnSource

    sources: list[Source] = [
        CslSource(),
        OfacSdnSource(),
        OfacConsSource(),
        DplSource(),
        UnSource(),
    ]
    return {s.name: s for s in sources}


SOURCES: dict[str, Source] = {}


def get_source(name: str) -> Source:
    """A source by its command-line name; `ftm:CODE` is an FtM entities file kept under
    list code CODE (as source `ftm-code`), `ftm` one whose list code its datasets give."""
    if name == "ftm" or name.startswith(("ftm:", "ftm-")):
        from entitylist.sources.ftm import FtmSource

        code = name[4:].strip().upper() or None
        if code is not None and not code.replace("-", "").isalnum():
            raise InputError(f"{name!r}: a list code is letters, digits and '-' (ftm:EU)")
        return FtmSource(code[:16] if code else None)
    if not SOURCES:
        SOURCES.update(_registry())
    try:
        return SOURCES[name]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise InputError(f"unknown source {name!r}; known sources: {known}") from None
