"""The cleaning workers, supervised: tasks in, prepared documents out, in input order.

Every document is cleaned in a worker process — with `--jobs 1` too — of a pebble
`ProcessPool` (forkserver start: workers never inherit the writer's SQLite connection, and need
none). The supervisor gives each document the time limit plus `KILL_GRACE` seconds: a worker
still busy then (stuck in C, where the worker's own SIGALRM limit cannot reach) is killed and
replaced, and so is a worker that dies (segfault, `os._exit`, out of memory). Either way that
document becomes an error with its reason and the run goes on.

A feeder thread generates the tasks (reading, hashing and look-ups overlap the writer's work)
and schedules each new document at once; its bounded queue is the look-ahead. Results are
taken in input order, so the archive does not depend on which worker finishes first.
"""

from __future__ import annotations

import functools
import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass

import pebble

from cleaner.ingest.worker import CleaningSettings, CleaningWorker, Prepared, Task, check_settings
from cleaner.timelimit import TimeLimitExceeded

KILL_GRACE = 1.0  # seconds past the time limit before the supervisor kills a worker
LOOKAHEAD_PER_JOB = 32  # documents read ahead of the writer, per worker
_PUT_POLL = 0.1  # seconds between the feeder's checks that it should stop


@functools.cache
def _worker_for(settings: CleaningSettings) -> CleaningWorker:
    """The worker process's CleaningWorker, built once (loaded state, never changed)."""
    return CleaningWorker(settings)


def _start_worker(settings: CleaningSettings) -> None:
    # Never raise here: the pool would replace the dead worker forever. A worker that cannot
    # start reports it on every task instead.
    try:
        _worker_for(settings)
    except Exception:
        return


def _clean_one(settings: CleaningSettings, task: Task) -> Prepared:
    try:
        worker = _worker_for(settings)
    except Exception as exc:
        return Prepared(task, error=f"cleaning worker failed to start: {exc}")
    return worker.process(task)


class Workers:
    """A pebble pool of cleaning workers, started again should pebble ever declare it broken
    (its own bookkeeping failing, not a worker dying: dead workers are replaced)."""

    def __init__(self, settings: CleaningSettings, jobs: int) -> None:
        self.settings = settings
        self.jobs = jobs
        self.timeout = settings.time_limit + KILL_GRACE
        self._lock = threading.Lock()  # the feeder submits, the writer's thread resubmits
        self._pool = self._start()
        self._stopped = False

    def _start(self) -> pebble.ProcessPool:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaner.ingest"])
        return pebble.ProcessPool(
            max_workers=self.jobs,
            initializer=_start_worker,
            initargs=(self.settings,),
            context=context,
        )

    def submit(self, task: Task) -> Future[Prepared]:
        with self._lock:
            if self._stopped:
                raise RuntimeError("the cleaning workers were stopped")
            if not self._pool.active:
                self._stop()
                self._pool = self._start()
            return self._pool.schedule(_clean_one, (self.settings, task), timeout=self.timeout)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._stop()

    def _stop(self) -> None:
        self._pool.stop()
        self._pool.join()

    def settle(self, task: Task, future: Future[Prepared], retry: bool = True) -> Prepared:
        """The prepared document, or an error naming what happened to its worker."""
        try:
            return future.result()
        except FutureTimeout:
            return Prepared(task, error=str(TimeLimitExceeded(self.settings.time_limit)))
        except pebble.ProcessExpired as exc:
            return Prepared(task, error=f"its cleaning worker died ({_death(exc.exitcode)})")
        except BrokenProcessPool:
            if retry:  # once, on a fresh pool: the document that broke it fails on its own
                return self.settle(task, self.submit(task), retry=False)
            return Prepared(task, error="its cleaning worker died (the worker pool broke twice)")
        except Exception as exc:  # e.g. a document that cannot be pickled
            return Prepared(task, error=f"cleaning failed: {type(exc).__name__}: {exc}")


def _death(exitcode: int | None) -> str:
    """How a worker process ended, from its exit code (negative: the signal that ended it)."""
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    return f"killed by {name}, e.g. out of memory" if name == "SIGKILL" else f"killed by {name}"


Pending = tuple[Task, "Future[Prepared] | None"]  # a task, and its cleaning if it needs one


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_DONE = None  # the feeder's last item


class Feeder(threading.Thread):
    """Generates tasks in its own thread and submits each document to clean as it is read;
    tasks without a document (read errors, known bytes) pass straight through."""

    def __init__(
        self, tasks: Iterable[Task], submit: Callable[[Task], Future[Prepared]], lookahead: int
    ) -> None:
        super().__init__(name="cleaner-feeder", daemon=True)
        self.tasks, self.submit = tasks, submit
        self.queue: queue.Queue[Pending | _Failed | None] = queue.Queue(lookahead)
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            for task in self.tasks:
                future = self.submit(task) if task.doc is not None else None
                if not self._put((task, future)):
                    return
        except BaseException as exc:  # handed to the writer's thread, which raises it
            self._put(_Failed(exc))
            return
        self._put(_DONE)

    def _put(self, item: Pending | _Failed | None) -> bool:
        while not self.stopping.is_set():
            try:
                self.queue.put(item, timeout=_PUT_POLL)
                return True
            except queue.Full:
                continue
        return False

    def pending(self) -> Iterator[Pending]:
        while (item := self.queue.get()) is not _DONE:
            if isinstance(item, _Failed):
                raise item.error
            yield item


@contextmanager
def cleaned(
    tasks: Iterable[Task], settings: CleaningSettings, jobs: int
) -> Iterator[Iterator[Prepared]]:
    """Tasks → Prepared, in input order, cleaned by `jobs` supervised worker processes."""
    check_settings(settings)  # bad rule packs fail here, before any worker starts
    workers = Workers(settings, jobs)
    feeder = Feeder(tasks, workers.submit, LOOKAHEAD_PER_JOB * jobs)
    feeder.start()

    def results() -> Iterator[Prepared]:
        for task, future in feeder.pending():
            yield workers.settle(task, future) if future else Prepared(task, error=task.error)

    try:
        yield results()
    finally:
        feeder.stopping.set()
        workers.stop()
        feeder.join()
