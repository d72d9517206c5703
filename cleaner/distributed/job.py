"""The driver of `cleaner distributed clean`: plan the shards, store the job's manifest and rule
packs beside them, and have the cluster write every shard that is not there yet.

Tasks are keyed by their shard's name, so resubmitting a shard that a cluster is still
working on (a driver restarted while its job ran) joins that work instead of doubling it.
A task whose worker dies is rescheduled by Dask; one whose cleaning process dies is retried
(`TASK_RETRIES`). Nothing is lost either way: a shard is written whole or not at all, and the
next run of the same job writes only the missing ones.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dask
from distributed import Client, as_completed

from cleaner.distributed.cluster import EXECUTOR, CleaningProcesses
from cleaner.distributed.inputs import (
    DEFAULT_FILES_PER_SHARD,
    DEFAULT_SHARD_BYTES,
    ShardTask,
    plan_shards,
)
from cleaner.distributed.manifest import (
    JobManifest,
    JobRef,
    archive_settings,
    copy_rules,
    write_manifest,
)
from cleaner.distributed.shards import temp_files
from cleaner.distributed.worker import ShardSummary, clean_shard
from cleaner.errors import CleanerError
from cleaner.ingest.options import DEFAULT_TIME_LIMIT
from cleaner.ingest.worker import CleaningSettings, check_settings
from cleaner.readers import ReaderOptions

TASK_RETRIES = 2


@dataclass(frozen=True, kw_only=True)
class JobOptions:
    paths: tuple[str, ...]
    out: str
    rule_files: tuple[str, ...] = ()
    time_limit: float = DEFAULT_TIME_LIMIT
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    files_per_shard: int = DEFAULT_FILES_PER_SHARD
    shard_bytes: int = DEFAULT_SHARD_BYTES
    db_path: str | None = None  # clean as an ingest into this archive would (its templates)


@dataclass
class JobReport:
    shards: int = 0
    skipped: int = 0  # already written by an earlier run
    documents: int = 0
    errors: int = 0  # documents that became error rows
    failed: list[tuple[str, str]] = field(default_factory=list)  # (shard, reason)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # spent by the cleaning processes on the shards written

    @property
    def written(self) -> int:
        return self.shards - self.skipped - len(self.failed)

    def summary(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (
            f"{self.shards} shards: {self.written} written, {self.skipped} already done, "
            f"{len(self.failed)} failed; {self.documents} documents ({self.errors} errors) "
            f"in {self.seconds:.1f} s, {rate:.1f} documents/s"
        )


OnShard = Callable[[ShardSummary | None], None]  # None: a shard failed


@dataclass(frozen=True)
class PlannedJob:
    """A job whose manifest is stored: its tasks, and how a task finds the job."""

    ref: JobRef
    tasks: tuple[ShardTask, ...]

    def missing(self) -> list[ShardTask]:
        folder = Path(self.ref.folder)
        return [task for task in self.tasks if not (folder / task.name).exists()]


def plan_job(options: JobOptions) -> PlannedJob:
    """Plan the shards and store the manifest and rule packs (or find this job's own there):
    bad inputs or another job's folder fail here, before any cluster starts."""
    folder = Path(options.out).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    tasks = plan_shards(options.paths, options.reader, options.files_per_shard, options.shard_bytes)
    return PlannedJob(
        JobRef(str(folder), _store_job(options, folder, tasks), os.getcwd()), tuple(tasks)
    )


def run_job(job: PlannedJob, client: Client | None, on_shard: OnShard | None = None) -> JobReport:
    """Write every missing shard of the job (`client` may be None when none is missing);
    failed shards are reported, not raised."""
    started = time.monotonic()
    todo = job.missing()
    report = JobReport(shards=len(job.tasks), skipped=len(job.tasks) - len(todo))
    if todo:
        if client is None:
            raise CleanerError("shards are missing and no cluster was given")
        client.register_plugin(CleaningProcesses())
        _run_tasks(client, job.ref, todo, report, on_shard)
    if not report.failed:
        for leftover in temp_files(Path(job.ref.folder)):  # of shards a stopped run left
            leftover.unlink(missing_ok=True)
    report.seconds = time.monotonic() - started
    return report


def _store_job(options: JobOptions, folder: Path, tasks: Sequence[ShardTask]) -> str:
    if not tasks:
        raise CleanerError("no inputs found: nothing to clean")
    check_settings(CleaningSettings(options.rule_files))  # a bad rule pack fails here
    archive = archive_settings(options.db_path)
    manifest = JobManifest(
        shards=tuple(task.name for task in tasks),
        rule_files=copy_rules(options.rule_files, folder),
        time_limit=options.time_limit,
        reader=options.reader,
        dedup=archive.dedup,
        layout=archive.layout,
        templates=archive.templates,
    )
    return write_manifest(folder, manifest)


def _run_tasks(
    client: Client,
    job: JobRef,
    tasks: Sequence[ShardTask],
    report: JobReport,
    on_shard: OnShard | None,
) -> None:
    # Largest tasks first (Dask runs higher priorities first): the small ones fill in at the
    # end, so no worker idles while another finishes a big task.
    with dask.annotate(executor=EXECUTOR):
        futures = {
            client.submit(
                clean_shard, job, task, key=f"cleaner-{task.name}", retries=TASK_RETRIES,
                pure=False, priority=task.size,
            ): task.name
            for task in tasks
        }  # fmt: skip
    for future in as_completed(futures):
        if future.status == "finished":
            summary: ShardSummary = future.result()
            report.documents += summary.documents
            report.errors += summary.errors
            report.cpu_seconds += summary.cpu_seconds
            report.skipped += summary.skipped
            if on_shard:
                on_shard(summary)
        else:
            reason = str(future.exception()) or type(future.exception()).__name__
            report.failed.append((futures[future], reason.splitlines()[0] if reason else ""))
            if on_shard:
                on_shard(None)
        future.release()
