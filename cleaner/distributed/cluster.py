"""The Dask side: a client on a local cluster or a remote scheduler, and the worker plugin
that gives every worker its cleaning processes.

Dask runs tasks in worker threads, where the per-document time limit (SIGALRM, main thread
only) cannot fire. So the plugin adds an executor of cleaning processes to each worker (as
many as the worker has threads), and shard tasks are annotated to run there, in a process's
main thread. The processes outlive jobs (a job's settings are loaded once per process); one
that dies (killed, out of memory) fails only its task, which Dask retries on a fresh one.
Worker processes must be allowed children: `distributed.worker.daemon: false` (set here for
the local cluster; for `dask worker`, `DASK_DISTRIBUTED__WORKER__DAEMON=False`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin

from cleaner.errors import CleanerError

EXECUTOR = "cleaner"
DAEMON_SETTING = "distributed.worker.daemon"
DAEMONIC = (
    "Dask worker {name} runs as a daemonic process, which may not start cleaning processes: "
    "start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False"
)


@contextmanager
def cluster_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at `scheduler`, else of a local cluster of `workers`
    processes with one thread each."""
    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, TimeoutError) as exc:
            raise CleanerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with (
        dask.config.set({DAEMON_SETTING: False}),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


class CleaningProcesses(WorkerPlugin):
    """Registers each worker's executor of cleaning processes (once: jobs share them)."""

    name = "cleaner-cleaning-processes"
    idempotent = True

    def setup(self, worker: Any) -> None:
        if multiprocessing.current_process().daemon:
            raise CleanerError(DAEMONIC.format(name=worker.name))
        worker.executors[EXECUTOR] = RestartingProcessPool(worker.state.nthreads)

    def teardown(self, worker: Any) -> None:
        pool = worker.executors.pop(EXECUTOR, None)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class RestartingProcessPool(Executor):
    """A process pool that replaces itself once broken (a process died), so that one lost
    process costs one task, retried, instead of every later task on the worker."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._lock = threading.Lock()
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        from cleaner.distributed.worker import start_cleaning_process

        # forkserver: a fresh process, not a fork of the worker's threads and connections
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaner.distributed.worker"])
        return ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=start_cleaning_process,
            initargs=(os.getpid(),),
        )

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            try:
                return self._pool.submit(fn, *args, **kwargs)
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
                return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
