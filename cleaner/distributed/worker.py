"""One shard task, in a cleaning process on a Dask worker: read the task's files with
`ingest`'s readers, clean each document, write the rows as one shard, atomically.

A job's settings are loaded once per process from its manifest (keyed by the manifest's
digest); a task only carries its file list. The process runs the
task in its main thread, so the per-document time limit (SIGALRM) holds, and it leaves when
its Dask worker is gone.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import psutil

from cleaner.distributed.inputs import InputEntry, ShardTask
from cleaner.distributed.manifest import JobRef, read_manifest
from cleaner.distributed.prepare import DocumentPreparer
from cleaner.distributed.shards import shard_writer
from cleaner.errors import CleanerError
from cleaner.ingest.worker import CleaningSettings
from cleaner.model import RawDocument
from cleaner.pipeline import Cleaner
from cleaner.readers import ReaderOptions, ReadError, iter_documents

WORKER_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class ShardSummary:
    """What one task did, for the driver's report."""

    name: str
    documents: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of the cleaning process
    skipped: bool = False  # the shard was already there


@dataclass(frozen=True)
class ShardCleaner:
    preparer: DocumentPreparer
    reader: ReaderOptions


@lru_cache(maxsize=2)
def shard_cleaner(folder: str, digest: str) -> ShardCleaner:
    """The job's cleaner for this process, from the manifest the driver wrote."""
    found = read_manifest(Path(folder))
    if found is None or found[1] != digest:
        raise CleanerError(f"{folder}: the job's manifest is missing or was changed during the job")
    manifest = found[0]
    settings = CleaningSettings(
        manifest.rule_paths(Path(folder)), manifest.time_limit, manifest.dedup, manifest.layout
    )
    return ShardCleaner(DocumentPreparer.build(settings, manifest.templates), manifest.reader)


def clean_shard(job: JobRef, task: ShardTask) -> ShardSummary:
    """Clean the task's inputs into its shard, unless a finished shard is there already."""
    target = Path(job.folder) / task.name
    if target.exists():
        return ShardSummary(task.name, skipped=True)
    started, cpu = time.monotonic(), time.process_time()
    _enter(job.cwd)
    cleaner = shard_cleaner(job.folder, job.digest)
    errors = 0
    with shard_writer(target) as writer:
        for entry in task.entries:
            for item in _items(entry, cleaner.reader):
                row = cleaner.preparer.row(item)
                writer.add(row)
                errors += row["error"] is not None
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    return ShardSummary(task.name, writer.rows, errors, seconds, cpu)


def _items(entry: InputEntry, reader: ReaderOptions) -> Iterable[RawDocument | ReadError]:
    if entry.path is None:
        return [ReadError(entry.source, entry.error or "unreadable")]
    return iter_documents([entry.path], reader)


def _enter(folder: str) -> None:
    """Input paths are read relative to the folder the driver ran in, as `ingest` reads them."""
    if os.getcwd() == folder:
        return
    try:
        os.chdir(folder)
    except OSError as exc:
        host = socket.gethostname()
        raise CleanerError(f"{folder}: the job's folder is not there on {host}: {exc}") from exc


def start_cleaning_process(worker_pid: int) -> None:
    """Initializer of a cleaning process: leave with its Dask worker, and load the built-in
    rule packs and models now rather than in the first task (jobs share them)."""
    _leave_with(worker_pid)
    try:
        Cleaner()
    except Exception:  # each task then fails with the reason, and says it
        return


def _leave_with(worker_pid: int) -> None:
    """Exit once the worker is gone: an orphaned process would wait for tasks forever. (Its
    parent is the forkserver, which lives as long as any process it started.)"""
    try:
        worker = psutil.Process(worker_pid)
    except psutil.NoSuchProcess:
        os._exit(1)

    def watch() -> None:
        while worker.is_running():  # False also when the pid was reused by another process
            time.sleep(WORKER_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="cleaner-worker-watch", daemon=True).start()
