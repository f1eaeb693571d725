"""The API's routers, one per job: health, reading the lists, screening, updating."""
