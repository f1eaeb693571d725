"""Bringing new data in: list updates (`lists`), ownership imports (`ownership`) and
Federal Register notices (`federal_register`), each checked and stored as a new version."""
