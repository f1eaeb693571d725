from vintages import env, sqlite_env  # noqa: F401  (fixtures)
