"""Shards → the archive, through `ingest`'s own run, writer and batches: the stored documents
take the writer's path of a plain `cleaner ingest` (known raw inputs, exact duplicates by
text hash, near duplicates by the stored signatures, versions, removals, site templates), so
a merge stores what an ingest of the same inputs stores, without cleaning anything again.

A merge is an ingest run: crash-safe in batches, and idempotent (a second merge of the same
shards finds every input unchanged). Templates it learns re-clean their sites' articles
afterwards, as after an ingest, with the job's rule packs (from its manifest).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import cleaner
from cleaner.archive import Archive
from cleaner.dedup.index import NearDuplicateIndex
from cleaner.distributed.manifest import JobManifest, read_manifest
from cleaner.distributed.rows import rules_digest, signature_scheme
from cleaner.distributed.shards import check_shard, read_shard, shard_files
from cleaner.errors import CleanerError
from cleaner.ingest import OnOutcome, ingest
from cleaner.ingest.options import IngestOptions
from cleaner.ingest.reports import IngestReport
from cleaner.ingest.worker import Prepared


def merge(options: IngestOptions, on_outcome: OnOutcome | None = None) -> IngestReport:
    """Store the shards of the folders `options.paths` (in order) in `options.db_path`.
    Without `options.rule_files`, the rule packs are the job's (`_job.json`)."""
    folders = [Path(path) for path in options.paths]
    shards = [shard for folder in folders for shard in _complete_shards(folder)]
    rule_files = options.rule_files or _job_rules(folders)
    options = dataclasses.replace(options, rule_files=rule_files)
    rules = rules_digest(rule_files)
    for shard in shards:
        check_shard(shard, cleaner.__version__, rules)

    @contextmanager
    def from_shards(
        archive: Archive, _: IngestOptions, near: NearDuplicateIndex
    ) -> Iterator[Iterator[Prepared]]:
        scheme = signature_scheme(near.config)
        yield (p for shard in shards for p in read_shard(shard, scheme, near.layout))

    return ingest(options, on_outcome, prepared=from_shards)


def documents_in(folders: Sequence[str]) -> int | None:
    """How many documents the folders' shards hold (from the Parquet footers), for a progress
    bar; None when a folder cannot be read."""
    try:
        return sum(pq.read_metadata(p).num_rows for f in folders for p in shard_files(Path(f)))
    except (OSError, pa.ArrowException):
        return None


def _complete_shards(folder: Path) -> list[Path]:
    """The folder's shards; with a job manifest, every shard of the job must be there."""
    if not folder.is_dir():
        raise CleanerError(f"{folder}: not a folder of shards")
    shards = shard_files(folder)
    found = read_manifest(folder)
    if found is not None:
        missing = sorted(set(found[0].shards) - {shard.name for shard in shards})
        if missing:
            raise CleanerError(
                f"{folder}: {len(missing)} of the job's {len(found[0].shards)} shards are "
                f"missing (first: {missing[0]}): run the same `cleaner distributed clean` "
                "again to finish the job"
            )
        wanted = set(found[0].shards)
        shards = [shard for shard in shards if shard.name in wanted]
    if not shards:
        raise CleanerError(f"{folder}: no shards (*.parquet) in the folder")
    return shards


def _job_rules(folders: list[Path]) -> tuple[str, ...]:
    """The rule packs of the folders' jobs: all of them the same, or none given."""
    manifests: list[tuple[Path, JobManifest]] = []
    for folder in folders:
        found = read_manifest(folder)
        if found is not None:
            manifests.append((folder, found[0]))
    packs = {tuple(Path(p).read_bytes() for p in m.rule_paths(f)) for f, m in manifests}
    if len(packs) > 1:
        raise CleanerError("the shard folders' jobs used different rule packs: merge them apart")
    return manifests[0][1].rule_paths(manifests[0][0]) if manifests else ()
