"""The web UI: server-rendered pages over the same service state as the API.

A face like the CLI and the API: it parses forms, calls the library and renders Jinja2
templates. Pages work without JavaScript (forms are plain GET/POST; the batch page refreshes
itself with a meta refresh while a job runs).

`entitylist.web.app.install` adds the pages to the service app.
"""
