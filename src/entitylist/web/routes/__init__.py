"""The pages, one module each: login, search, entry, changes, batch."""
