"""Point in time: "was this party listed on the day we shipped?"

Pipeline order: shipments (party, country, ship date, optional id) from a batch file ->
grouped by the snapshots in force on each ship date (newest published at or before it) ->
each group screened against an index of those snapshots -> hits whose entry had not yet
taken effect on the ship date (start date after it) or had expired (end date before it)
are set aside with the reason -> one finding per shipment. The rules are those of
`inforce.on_day`, which `screen --as-of` applies too.
"""

from __future__ import annotations

from entitylist.pointintime.lookback import Finding, LookbackReport, lookback, lookback_file
from entitylist.pointintime.shipments import Shipment, read_shipments

__all__ = ["Finding", "LookbackReport", "Shipment", "lookback", "lookback_file", "read_shipments"]
