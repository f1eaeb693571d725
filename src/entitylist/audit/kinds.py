"""The kinds of audit event this package records (dotted names; data is free-form JSON).

Other modules record with these names so that an auditor can filter on them; a new kind is
added here with a line saying what its data holds.
"""

from __future__ import annotations

LIST_UPDATE = "list.update"
"""An update attempt: source, origin, outcome (created | unchanged | refused | failed), snapshot id,
sha256, counts, publication date; or the refusal's reason."""
SCREENING = "screening"
"""One party screened: the query, snapshot ids and hashes, engine version, thresholds, hits."""
SCREENING_BATCH = "screening.batch"
"""A file screened: input file and sha256, options, snapshots, engine, counts, output sha256."""
LOOKBACK = "screening.lookback"
"""A point-in-time lookback over shipments: input sha256, counts, findings."""
OWNERSHIP_IMPORT = "ownership.import"
"""An ownership file imported: file, sha256, format, data set, snapshot id, counts, notes."""
RULES_UPDATE = "rules.update"
"""The Affiliates rule data replaced: file, sha256, notices, the newest notice's date."""
PARTIES_IMPORT = "parties.import"
"""A portfolio import: file, sha256, counts of new, changed, unchanged and bad rows."""
MONITOR_RUN = "monitor.run"
"""A monitoring run: snapshots, engine, thresholds, parties screened, what was reported."""
WEBHOOK = "monitor.webhook"
"""A digest delivered (or not) to a webhook: URL, attempts, HTTP status, body sha256."""
DETERMINATION = "determination"
"""A shipment checked: parties and roles, item, destination, date, declared facts, the
snapshot ids, the outcome per party and overall, and every reason with its citations."""
DETERMINATION_BATCH = "determination.batch"
"""A file of shipments checked: input file and sha256, snapshots, counts by outcome, output
sha256."""
DECISION = "decision"
"""A reviewer's verdict on a hit: party and entry versions (hashes), verdict, reason, expiry;
or on an alert: the alert id and `decisions`, the row written for each list row it stands
for (each as `Decision.to_dict()`)."""
APPROVAL = "approval"
"""An approver's verdict (approved | rejected) on an alert's false positive awaiting four
eyes: the alert id, reason, and `approvals`, the row written for each decision row."""
COMMENT = "comment"
"""A note on an alert: alert id, comment id, the text."""
ASSIGNMENT = "assignment"
"""An alert assigned to a reviewer (or unassigned): alert id, from, to."""
KEY_CREATED = "key.created"
"""An API key created: key id, name, role, prefix (never the key)."""
KEY_REVOKED = "key.revoked"
"""An API key revoked: key id, name."""
LIST_EXPORT = "list.export"
"""The lists in force exported (FollowTheMoney): format, snapshots, entities, sha256 of the file."""
FR_SYNC = "fr.sync"
"""A Federal Register sync: pages or files read, documents new, updated and unchanged, notes."""
AUDIT_EXPORT = "audit.export"
"""An export of the log: period, format, count, sha256 of the file written."""
AUDIT_PRUNE = "audit.prune"
"""Old records pruned: cut-off, count, first kept event and the hash it links to."""
LOGIN = "login"
"""A web login attempt: username, outcome (ok | refused | throttled), client address."""
LOGOUT = "logout"
"""A web session ended by its user (server-side: the session can no longer be used)."""
USER_CREATED = "user.created"
"""A user created: username, role (never the password or its hash)."""
USER_DISABLED = "user.disabled"
"""A user disabled: username; every session of theirs ended."""
EXPORT = "export"
"""Results handed out as a file: what (batch job, queue), format, rows, sha256 of the bytes."""
