"""The cleaning workers: tasks in, prepared documents out, in input order.

One job cleans inline, in the main thread (the SIGALRM time limit needs a main thread); more
jobs clean in a process pool fed lazily, with bounded look-ahead. Workers start through a
forkserver, so they never inherit the writer's open SQLite connection — and need none.
"""

from __future__ import annotations

import functools
import multiprocessing
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from cleaner.ingest.worker import CleaningSettings, CleaningWorker, Prepared, Task

CHUNK_SIZE = 8


@functools.cache
def _worker_for(settings: CleaningSettings) -> CleaningWorker:
    """The worker process's CleaningWorker, built once (loaded state, never changed)."""
    return CleaningWorker(settings)


def _start_worker(settings: CleaningSettings) -> None:
    # Never raise here: multiprocessing.Pool would replace the dead worker forever. A worker
    # that cannot start reports it on every task instead.
    try:
        _worker_for(settings)
    except Exception:
        return


def _clean_in_pool(job: tuple[CleaningSettings, Task]) -> Prepared:
    settings, task = job
    try:
        worker = _worker_for(settings)
    except Exception as exc:
        return Prepared(task, error=f"cleaning worker failed to start: {exc}")
    return worker.process(task)


@contextmanager
def cleaned(
    tasks: Iterable[Task], settings: CleaningSettings, jobs: int
) -> Iterator[Iterator[Prepared]]:
    """Tasks → Prepared, in input order."""
    worker = CleaningWorker(settings)  # bad rule packs fail here, before any pool
    if jobs <= 1:
        yield (worker.process(task) for task in tasks)
        return
    in_flight = threading.BoundedSemaphore(max(64, CHUNK_SIZE * jobs * 4))

    def throttled() -> Iterator[tuple[CleaningSettings, Task]]:
        for task in tasks:
            in_flight.acquire()
            yield settings, task

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cleaner.ingest"])
    with context.Pool(jobs, initializer=_start_worker, initargs=(settings,)) as pool:
        results = pool.imap(_clean_in_pool, throttled(), CHUNK_SIZE)

        def released() -> Iterator[Prepared]:
            for prepared in results:
                in_flight.release()
                yield prepared

        yield released()
