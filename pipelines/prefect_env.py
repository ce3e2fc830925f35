"""Prefect settings for a local, offline, quiet run. Call before `import prefect`.

Users can override any of these by setting the variable themselves.
"""

from __future__ import annotations

import os

QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry from the temporary server
    "DO_NOT_TRACK": "1",  # no client-side analytics either
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",  # run with no server set up
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",  # task results may hold personal data
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    # The temporary server's SQLite database can hit its 10 s statement timeout on a busy 2-core
    # machine (seen once in the test suite, with the run itself unaffected): give it room, and keep
    # its internal errors off a normal run's console (--verbose shows them).
    "PREFECT_SERVER_DATABASE_TIMEOUT": "60",
    "PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT": "30",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    # The temporary server itself takes longer than Prefect's 20 s to come up when both cores are
    # busy (two runs at once, or a run next to a benchmark): "Timed out while attempting to connect
    # to ephemeral Prefect API server", an internal error with nothing processed.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",  # the CLI draws its own progress and summary
    # A local Dask cluster (scale.runner = "dask") logs every worker start and stop at INFO.
    "DASK_LOGGING__DISTRIBUTED": "warning",
    "DASK_DISTRIBUTED__WORKER__DAEMON": "false",  # workers may start process pools of their own
}


def configure_prefect_env(verbose: bool = False) -> None:
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ["PREFECT_SERVER_LOGGING_LEVEL"] = "WARNING"
        os.environ["DASK_LOGGING__DISTRIBUTED"] = "info"
