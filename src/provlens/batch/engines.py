"""Where the work runs: local worker processes, or a Dask cluster. Both look the same to the run.

An engine submits a chunk of items and returns a future; `wait` returns the futures that are done;
`outcome` gives a chunk's results or raises one of `died` when the process running it died (a
crash, or the system killing it for memory), which the run then narrows down to one item.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from collections.abc import Collection
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ..errors import ProvlensError, UsageError
from . import worker
from .worker import Item, Results, WorkerOptions

DASK_MISSING = ("--engine dask needs Dask, which is not installed; "
                "install it with: pip install 'provlens[dask]'")

DASK_PREFLIGHT_SECONDS = 300

QUIET_SCHEDULER = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
"""No dashboard, and the scheduler's small HTTP service on a free local port rather than 8787."""


class Engine(Protocol):
    """What the run needs from an engine."""

    died: tuple[type[BaseException], ...]
    workers: int

    def preflight(self) -> tuple[str, int] | None:
        """Annotate the warm-up article on a worker: None, or the message and exit code that stop the run."""

    def submit(self, chunk: list[Item]) -> Any:
        """Start annotating a chunk; return its future."""

    def wait(self, pending: Collection[Any], timeout: float) -> list[Any]:
        """The futures among `pending` that finish within `timeout` seconds (perhaps none)."""

    def outcome(self, future: Any) -> Results:
        """A finished chunk's results (with its worker's peak memory); raises one of `died`."""

    def close(self) -> None:
        """Stop the workers."""


class LocalEngine:
    """Worker processes on this machine, each warmed once, started from a clean server process."""

    died: tuple[type[BaseException], ...] = (BrokenProcessPool,)

    def __init__(self, jobs: int, options: WorkerOptions) -> None:
        """Start `jobs` worker processes."""
        self.workers = jobs
        self.options = options
        self.executor = self._start()

    def _start(self) -> cf.ProcessPoolExecutor:
        """A pool whose workers warm their caches before the first item."""
        return cf.ProcessPoolExecutor(self.workers, mp_context=worker_context(),
                                      initializer=worker.start_worker, initargs=(self.options, os.getpid()))

    def preflight(self) -> tuple[str, int] | None:
        """Run the pipeline check on a worker."""
        return self.executor.submit(worker.preflight, self.options).result()

    def submit(self, chunk: list[Item]) -> cf.Future:
        """Submit a chunk; a pool broken by a dead worker is replaced first."""
        try:
            return self.executor.submit(worker.annotate_chunk, chunk, self.options)
        except BrokenProcessPool:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            return self.executor.submit(worker.annotate_chunk, chunk, self.options)

    def wait(self, pending: Collection[cf.Future], timeout: float) -> list[cf.Future]:
        """The futures that finish within `timeout` seconds."""
        done, _ = cf.wait(pending, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return list(done)

    def outcome(self, future: cf.Future) -> Results:
        """The chunk's results; BrokenProcessPool when its worker died."""
        return future.result()

    def close(self) -> None:
        """Let running chunks finish, drop queued ones, stop the processes."""
        self.executor.shutdown(wait=True, cancel_futures=True)


def worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a server process that has imported provlens, not from the busy parent."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["provlens.batch.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


class DaskEngine:
    """Chunks as tasks on a Dask distributed cluster: the given scheduler, or a local cluster."""

    def __init__(self, jobs: int, options: WorkerOptions, scheduler: str | None) -> None:
        """Connect to `scheduler`, or start a local cluster of `jobs` single-threaded worker processes."""
        distributed = import_distributed()
        self.options = options
        self.cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout="30s")
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, scheduler_kwargs=QUIET_SCHEDULER, silence_logs=logging.ERROR)
                self.client = distributed.Client(self.cluster)
        except (OSError, RuntimeError) as exc:  # unreachable scheduler; a local cluster that fails to start
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise ProvlensError(f"cannot start or reach {where}: {exc}") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs)
        self.died = (distributed.KilledWorker,)
        self._wait = distributed.wait

    def preflight(self) -> tuple[str, int] | None:
        """Run the pipeline check on a worker of the cluster (which must have provlens installed)."""
        future = self.client.submit(worker.preflight, self.options, pure=False)
        try:
            return future.result(timeout=DASK_PREFLIGHT_SECONDS)
        except TimeoutError:
            raise ProvlensError(f"no Dask worker ran the first task within {DASK_PREFLIGHT_SECONDS} seconds; "
                                "does the cluster have workers?") from None
        except ImportError as exc:
            raise ProvlensError(f"the Dask workers cannot import provlens ({exc}); "
                                "install the same provlens on every worker") from None

    def submit(self, chunk: list[Item]) -> Any:
        """Submit a chunk as one task (pure=False: identical chunks are still separate work)."""
        return self.client.submit(worker.annotate_chunk, chunk, self.options, pure=False)

    def wait(self, pending: Collection[Any], timeout: float) -> list[Any]:
        """The futures that finish within `timeout` seconds."""
        try:
            done, _ = self._wait(list(pending), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        return list(done)

    def outcome(self, future: Any) -> Results:
        """The chunk's results; KilledWorker when the workers running it kept dying."""
        return future.result()

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this engine started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def import_distributed():
    """The `distributed` module, or a usage error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise UsageError(DASK_MISSING) from None
    return distributed


def make_engine(name: str, jobs: int, options: WorkerOptions, scheduler: str | None) -> Engine:
    """The engine the command line asked for."""
    if name == "dask":
        return DaskEngine(jobs, options, scheduler)
    return LocalEngine(jobs, options)


def default_jobs() -> int:
    """All cores."""
    return os.cpu_count() or 1
