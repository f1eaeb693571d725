"""The matching engine's version, recorded with every screening decision.

Bump it whenever normalisation, reference data, retrieval or scoring changes in a way that
can change a score: a saved index written by another version is refused on load, and an
audit can tell which engine produced a match.
"""

ENGINE_VERSION = "1.9.1"
