"""The `jixiao` command: a thin CLI over the ingest, warehouse, evaluation, generate and dashboards packages."""
