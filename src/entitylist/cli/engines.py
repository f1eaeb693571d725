"""`--engine`: where screen-file and monitor run do their matching (local or Spark)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from entitylist.errors import InputError

if TYPE_CHECKING:
    from entitylist.cli.app import State
    from entitylist.screening.parallel import Engine


def chosen_engine(
    st: State,
    engine: str,
    master: str | None,
    conf: list[str] | None,
    partition_rows: int | None,
) -> Engine | None:
    """The Spark engine when asked for (None: the local one), shipping the cached index file
    of the lists in force; a Spark option without `--engine spark` is refused, not ignored."""
    if engine == "local":
        if master or conf or partition_rows is not None:
            raise InputError("--master, --spark-conf and --partition-rows need --engine spark")
        return None
    if engine != "spark":
        raise InputError(f"--engine {engine!r}: use local or spark")
    from entitylist.screening.index_cache import cache_path
    from entitylist.screening.spark import PARTITION_ROWS, SparkEngine

    settings: dict[str, str] = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--spark-conf {item!r}: write KEY=VALUE")
        settings[key.strip()] = value
    # The screener builds this file, if it is missing, before the engine ships it.
    index_file = cache_path(st.settings, st.store.current())
    return SparkEngine(
        master=master,
        index_file=index_file,
        conf=settings,
        partition_rows=partition_rows or PARTITION_ROWS,
    )
