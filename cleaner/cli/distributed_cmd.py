"""`cleaner distributed clean` and `merge`: cleaning on a Dask cluster into Parquet shards, then
the shards into the archive (a thin layer over cleaner.distributed, imported only when one of
these commands runs: it needs the optional `cleaner[dask]` dependencies)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shlex
import sys
from types import ModuleType
from typing import Any

import click
from tqdm import tqdm

from cleaner.cli.archive_cmd import (
    DB_OPTION,
    PARTIAL_EXIT,
    QUIET_OPTION,
    RULES_OPTION,
    SUMMARY_JSON_OPTION,
    jobs_option,
    report_run,
    time_limit_option,
)
from cleaner.cli.limits import ByteSize, reader_limit_options, template_options
from cleaner.cli.progress import Reporter
from cleaner.errors import CleanerError
from cleaner.ingest.options import DEFAULT_BATCH_SIZE, DEFAULT_TIME_LIMIT, Batching, IngestOptions
from cleaner.readers import ReaderOptions
from cleaner.templates import TemplateConfig


def _distributed(module: str) -> ModuleType:
    """A module of cleaner.distributed, or one clear line when dask or pyarrow is missing."""
    import importlib

    try:
        return importlib.import_module(f"cleaner.distributed.{module}")
    except ImportError as exc:
        raise CleanerError(
            f"cleaner distributed needs the dask extra ({exc.name} is missing): "
            "pip install 'cleaner[dask]'"
        ) from exc


@click.group("distributed")
def distributed_group() -> None:
    """Clean on a Dask cluster into Parquet shards, then merge them into the archive."""


@distributed_group.command("clean")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder of the shards (every worker must be able to write it).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--workers",
    default=os.cpu_count() or 1,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Worker processes of the local cluster.",
)
@RULES_OPTION
@click.option(
    "--db",
    "db_path",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Clean as an ingest into this archive would (its learned site templates).",
)
@click.option(
    "--files-per-shard",
    default=100,
    show_default=True,
    type=click.IntRange(1),
    help="Files one task cleans into one shard ...",
)
@click.option(
    "--shard-size",
    default="64M",
    show_default=True,
    type=ByteSize(),
    help="... or input bytes, whichever comes first.",
)
@click.option("--follow-symlinks", is_flag=True, help="Follow links that leave the given folders.")
@time_limit_option(DEFAULT_TIME_LIMIT)
@QUIET_OPTION
@SUMMARY_JSON_OPTION
@reader_limit_options
def clean_command(
    paths: tuple[str, ...], out: str, scheduler: str | None, workers: int,
    rule_files: tuple[str, ...], db_path: str | None, files_per_shard: int, shard_size: int,
    follow_symlinks: bool, time_limit: float, quiet: bool, as_json: bool, reader: ReaderOptions,
) -> None:  # fmt: skip
    """Clean files, folders, globs, JSONL and WARC (gzip too) on a cluster into shards.

    A rerun of the same command writes only the shards still missing. Exit 0 when every
    shard was written, 1 when some failed (named on stderr; run again to retry them).
    """
    job = _distributed("job")
    options = job.JobOptions(
        paths=paths, out=out, rule_files=rule_files, time_limit=time_limit,
        reader=dataclasses.replace(reader, follow_symlinks=follow_symlinks),
        files_per_shard=files_per_shard, shard_bytes=shard_size, db_path=db_path,
    )  # fmt: skip
    planned = job.plan_job(options)
    missing = len(planned.missing())
    clients = _distributed("cluster").cluster_client(scheduler, workers) if missing else None
    bar = tqdm(
        total=missing, unit="shard", file=sys.stderr, disable=quiet or not sys.stderr.isatty()
    )
    try:
        with clients or contextlib.nullcontext() as client:
            report = job.run_job(planned, client, on_shard=lambda _: bar.update(1))
    finally:
        bar.close()
    for shard, reason in report.failed:
        click.echo(f"error: {shard}: {reason}", err=True)
    click.echo(json.dumps(_as_dict(report)) if as_json else report.summary())
    if report.failed:
        sys.exit(PARTIAL_EXIT)


def _as_dict(report: Any) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data["written"] = report.written
    data["failed"] = [{"shard": shard, "reason": reason} for shard, reason in report.failed]
    return data


@distributed_group.command("merge")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@DB_OPTION
@RULES_OPTION
@jobs_option("Cleaning processes for re-cleaning sites that learned templates.")
@time_limit_option(DEFAULT_TIME_LIMIT)
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1),
    help="Documents per transaction.",
)
@QUIET_OPTION
@SUMMARY_JSON_OPTION
@template_options
def merge_command(
    folders: tuple[str, ...], db_path: str, rule_files: tuple[str, ...], jobs: int,
    time_limit: float, batch_size: int, quiet: bool, as_json: bool, templates: TemplateConfig,
) -> None:  # fmt: skip
    """Store the shards of FOLDERS in the archive, as `cleaner ingest` of their inputs would.

    Without --rules, the rule packs are the job's own. Exit 0 when every document went in,
    1 when some inputs had failed (each named on stderr and in the errors table).
    """
    options = IngestOptions(
        paths=folders, db_path=db_path, jobs=jobs, rule_files=rule_files, time_limit=time_limit,
        batching=Batching(size=batch_size), templates=templates,
        argv=shlex.join(["cleaner", *sys.argv[1:]]),
    )  # fmt: skip
    merging = _distributed("merge")
    reporter = Reporter(quiet, "doc", total=lambda: merging.documents_in(folders))
    report_run(lambda: merging.merge(options, on_outcome=reporter), reporter, as_json)


COMMANDS = [distributed_group]
