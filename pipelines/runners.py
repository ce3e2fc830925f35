"""Where a run's tasks execute: in the flow's process, a thread or process pool, or a Dask cluster.

`scale.runner` picks one (see callscrub.config.ScaleSettings). Models load once per worker
process, not per task: each worker keeps its Runtime in `pipelines.flows._runtimes`.
"""

from __future__ import annotations

import logging
from typing import Any

from callscrub.config import ScaleSettings
from callscrub.errors import ConfigError
from storage.layout import ZONES, Layout
from storage.local import LocalStore

log = logging.getLogger(__name__)


def task_runner_for(scale: ScaleSettings) -> Any:
    """The Prefect task runner for `scale` (a bad or unavailable choice is a ConfigError)."""
    if scale.runner == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=scale.workers)
    if scale.runner == "processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=scale.workers)
    if scale.runner == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise ConfigError("scale.runner = 'dask' needs prefect-dask: pip install 'callscrub[dask]'") from None
        if scale.dask_address:
            return DaskTaskRunner(address=scale.dask_address)
        return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs={
            "n_workers": scale.workers, "threads_per_worker": scale.threads_per_worker,
            "processes": True, "dashboard_address": None,
        })
    raise ConfigError(f"scale.runner {scale.runner!r} has no task runner (sequential runs in the flow)")


def sweep_temporary(layout: Layout) -> int:
    """Remove what writers killed mid-write left in local zones (never visible to readers)."""
    zones = [layout.raw, *(layout.zone(z) for z in ZONES)]
    removed = sum(z.sweep() for z in zones if isinstance(z, LocalStore))
    if removed:
        log.warning("removed %d temporary file(s) left by a writer that died mid-write", removed)
    return removed
