"""The review workflow: the alert queue, decisions on alerts, four-eyes approvals,
comments and assignment.

Pipeline position: a service over monitoring. A monitoring run keeps the alert table in
step (`sync`); reviewers act through `workflow` (each action audited once, naming the
user); the queue and an alert's page read through `alerts`. Suppression stays monitoring's:
a decision applies to the party and entry versions it was made on, and a false positive
that needs four eyes suppresses nothing until approved (`approvals.Trust`).
"""
