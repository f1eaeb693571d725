"""What the web UI's tables share: a filter form said again as a query string (for the
pager's and the export links), and the numbers of a pager."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode


class FilterForm:
    """A mixin for a frozen dataclass of text fields, the filter as typed."""

    def query(self, **more: object) -> str:
        """The fields filled in, then `more` (e.g. `page=2`), as a query string."""
        fields = {k: v for k, v in vars(self).items() if v}
        return urlencode({**fields, **more})


def paging(page: int, total: int, size: int) -> dict[str, Any]:
    """The pager's numbers: the page, how many pages, the first row's number, the total."""
    return {
        "total": total,
        "page": page,
        "pages": max(1, -(-total // size)),
        "first": (page - 1) * size + 1,
    }
