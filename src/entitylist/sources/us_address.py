"""US addresses published without a country (BIS's Denied Persons rows often end
"..., EL PASO, TX, 79905"): a US state or territory code followed by a ZIP code says US.

The inference is marked on the entry (`extra["country_inferred"]`) so that a reader can
tell a published country from an inferred one. A malformed ZIP ("031016") infers nothing;
a ZIP that lost its leading zero ("NH, 3801") is read as the ZIP it was.
"""

from __future__ import annotations

import re
from dataclasses import replace

from entitylist.model import Address

# The 50 states, DC, and the territories with USPS codes.
_CODES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP"
)
US_STATES = frozenset(_CODES.split())
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
# ZIP codes of New England, New Jersey, Puerto Rico and the Virgin Islands start with 0; the
# published rows sometimes lost it to a spreadsheet ("PORTSMOUTH, NH, 3801").
_ZERO_ZIP_STATES = frozenset(["CT", "MA", "ME", "NH", "NJ", "RI", "VT", "PR", "VI"])
_LOST_ZERO_ZIP = re.compile(r"\d{4}")
INFERRED_NOTE = "US, inferred from the US state and ZIP code of an address published without one"


def infer_us(address: Address) -> Address | None:
    """The address with country US when it has none and ends with a state and a ZIP code."""
    named = address.country_name
    if address.country is not None or (named and not any(c.isdigit() for c in named)):
        return None  # a country is published (a ZIP code in the country field is not one)
    if address.state and address.postal_code:
        state, postal = address.state.strip().upper(), address.postal_code.strip()
    else:
        parts = [p.strip() for p in address.text.split(",")]
        if len(parts) < 3:
            return None
        state, postal = parts[-2].upper(), parts[-1]
    if state in US_STATES and (
        _ZIP.fullmatch(postal) or (state in _ZERO_ZIP_STATES and _LOST_ZERO_ZIP.fullmatch(postal))
    ):
        return replace(address, country="US")
    return None


def with_inferred_countries(addresses: tuple[Address, ...]) -> tuple[tuple[Address, ...], bool]:
    """The addresses with US inferred where it can be; True when any was."""
    out, inferred = [], False
    for a in addresses:
        us = infer_us(a)
        inferred = inferred or us is not None
        out.append(us or a)
    return tuple(out), inferred
