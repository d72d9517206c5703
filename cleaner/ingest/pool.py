"""The cleaning workers, supervised: tasks in, prepared documents out, in input order.

Every document is cleaned in a worker process — with `--jobs 1` too — of a pebble
`ProcessPool` (forkserver start: workers never inherit the writer's SQLite connection, and need
none). The supervisor gives each document the time limit plus `KILL_GRACE` seconds: a worker
still busy then (stuck in C, where the worker's own SIGALRM limit cannot reach) is killed and
replaced, and so is a worker that dies (segfault, `os._exit`, out of memory). Either way that
document becomes an error with its reason and the run goes on.

A feeder thread generates the tasks (reading, hashing and look-ups overlap the writer's work)
and schedules the new documents; its bounded queue is the look-ahead. Small documents go to a
worker several at a time (a chunk), so the pool's own cost per round trip (pickling, its
scheduler and result threads, all in the writer's process) is paid once for them; a chunk that
times out or loses its worker is cleaned again one document at a time, so only the document at
fault becomes an error. Results are taken in input order, so the archive does not depend on
which worker finishes first.
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
from typing import NamedTuple

import pebble

from cleaner.ingest.worker import CleaningSettings, CleaningWorker, Prepared, Task, check_settings
from cleaner.timelimit import TimeLimitExceeded

Chunk = Future[list[Prepared]]  # the cleaning of one or more documents, in their order


class Pending(NamedTuple):
    """A task on its way to the writer, with its chunk if it needs cleaning."""

    task: Task
    chunk: Chunk | None
    place: int = 0  # its index in the chunk
    shared: bool = False  # the chunk holds other documents too


# A chunk: at most this many documents, of at most CHUNK_BYTES together; a larger document goes
# alone. Small documents clean in milliseconds, so a chunk stays far inside the time limit.
CHUNK_DOCS = 16
CHUNK_BYTES = 128 * 1024
KILL_GRACE = 1.0  # seconds past the time limit before the supervisor kills a worker
LOOKAHEAD_PER_JOB = 3 * CHUNK_DOCS  # documents read ahead of the writer, per worker
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


def _clean_chunk(settings: CleaningSettings, tasks: tuple[Task, ...]) -> list[Prepared]:
    try:
        worker = _worker_for(settings)
    except Exception as exc:
        return [Prepared(task, error=f"cleaning worker failed to start: {exc}") for task in tasks]
    return [worker.process(task) for task in tasks]


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

    def submit(self, tasks: tuple[Task, ...]) -> Chunk:
        with self._lock:
            if self._stopped:
                raise RuntimeError("the cleaning workers were stopped")
            if not self._pool.active:
                self._stop()
                self._pool = self._start()
            return self._pool.schedule(_clean_chunk, (self.settings, tasks), timeout=self.timeout)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._stop()

    def _stop(self) -> None:
        self._pool.stop()
        self._pool.join()

    def settle(self, pending: Pending, retry: bool = True) -> Prepared:
        """The prepared document, or an error naming what happened to its worker."""
        assert pending.chunk is not None
        try:
            return pending.chunk.result()[pending.place]
        except Exception as exc:
            if pending.shared:  # the chunk failed as a whole: is this document at fault?
                return self._alone(pending.task)
            return self._failure(pending.task, exc, retry)

    def _alone(self, task: Task, retry: bool = True) -> Prepared:
        """Clean the document again in a chunk of its own."""
        return self.settle(Pending(task, self.submit((task,))), retry)

    def _failure(self, task: Task, exc: Exception, retry: bool) -> Prepared:
        """The error of a document cleaned alone whose cleaning raised `exc`."""
        if isinstance(exc, FutureTimeout):
            return Prepared(task, error=str(TimeLimitExceeded(self.settings.time_limit)))
        if isinstance(exc, pebble.ProcessExpired):
            return Prepared(task, error=f"its cleaning worker died ({_death(exc.exitcode)})")
        if isinstance(exc, BrokenProcessPool):
            if retry:  # once, on a fresh pool: the document that broke it fails on its own
                return self._alone(task, retry=False)
            return Prepared(task, error="its cleaning worker died (the worker pool broke twice)")
        # e.g. a document that cannot be pickled
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


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_DONE = None  # the feeder's last item


class Feeder(threading.Thread):
    """Generates tasks in its own thread and submits each document to clean as it is read;
    tasks without a document (read errors, known bytes) pass straight through."""

    def __init__(
        self, tasks: Iterable[Task], submit: Callable[[tuple[Task, ...]], Chunk], lookahead: int
    ) -> None:
        super().__init__(name="cleaner-feeder", daemon=True)
        self.tasks, self.submit = tasks, submit
        self.queue: queue.Queue[Pending | _Failed | None] = queue.Queue(lookahead)
        self.stopping = threading.Event()
        self._held: list[Task] = []  # small documents waiting to fill a chunk, in input order
        self._held_bytes = 0

    def run(self) -> None:
        try:
            for task in self.tasks:
                if not self._take(task):
                    return
            if not self._flush():
                return
        except BaseException as exc:  # handed to the writer's thread, which raises it
            self._put(_Failed(exc))
            return
        self._put(_DONE)

    def _take(self, task: Task) -> bool:
        """Hold a small document for a chunk; anything else goes after the held ones."""
        size = len(task.doc.data) if task.doc is not None else 0
        if task.doc is not None and size <= CHUNK_BYTES:
            if self._held_bytes + size > CHUNK_BYTES and not self._flush():
                return False
            self._held.append(task)
            self._held_bytes += size
            return len(self._held) < CHUNK_DOCS or self._flush()
        if not self._flush():
            return False
        chunk = self.submit((task,)) if task.doc is not None else None
        return self._put(Pending(task, chunk))

    def _flush(self) -> bool:
        held, self._held, self._held_bytes = tuple(self._held), [], 0
        if not held:
            return True
        chunk = self.submit(held)
        shared = len(held) > 1
        return all(self._put(Pending(task, chunk, n, shared)) for n, task in enumerate(held))

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
        for pending in feeder.pending():
            task = pending.task
            yield workers.settle(pending) if pending.chunk else Prepared(task, error=task.error)

    try:
        yield results()
    finally:
        feeder.stopping.set()
        workers.stop()
        feeder.join()
