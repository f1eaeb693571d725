"""The service both web faces run over: one process's shared state (store, keys, users,
rate limits, the live screening index, batch jobs) and the service's own settings."""
