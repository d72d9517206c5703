"""Shard files: Parquet, written atomically, read back as prepared documents.

A shard is written row group by row group into a temporary file beside its final name, synced
and renamed into place: a shard that exists is whole, so a job that was stopped or lost a
worker only redoes the shards that are missing. Reading checks every file against the shard
schema and what produced its rows (`rows.Provenance`), and says in one line which file is wrong
and why.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cleaner.dedup.minhash import Layout
from cleaner.distributed.inputs import SHARD_SUFFIX
from cleaner.distributed.rows import SCHEMA, Fingerprints, batch_prepared, rows_table
from cleaner.errors import CleanerError
from cleaner.ingest.worker import Prepared

TEMP_PREFIX = ".tmp-"
ROWS_PER_GROUP = 256
READ_BATCH_ROWS = 1024
_DIGITS = re.compile(r"(\d+)")


class ShardWriter:
    """Collects rows and writes them as row groups of a temporary file."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temp = target.with_name(f"{TEMP_PREFIX}{target.name}.{uuid.uuid4().hex[:8]}")
        self._file = open(self.temp, "wb")  # noqa: SIM115 (closed by commit or abort)
        self._parquet = pq.ParquetWriter(self._file, SCHEMA, compression="zstd")
        self._pending: list[dict[str, Any]] = []
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self._pending.append(row)
        self.rows += 1
        if len(self._pending) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._parquet.write_table(rows_table(self._pending))
            self._pending = []

    def commit(self) -> None:
        """Finish the file, sync it and rename it into place (then sync the folder)."""
        self._flush()
        self._parquet.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.temp, self.target)
        folder = os.open(self.target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def abort(self) -> None:
        with contextlib.suppress(Exception):  # the file is thrown away, whatever its footer
            self._parquet.close()
        self._file.close()
        self.temp.unlink(missing_ok=True)


@contextmanager
def shard_writer(target: Path) -> Iterator[ShardWriter]:
    """A writer whose shard appears at `target` only if the block completes."""
    writer = ShardWriter(target)
    try:
        yield writer
    except BaseException:
        writer.abort()
        raise
    writer.commit()


def write_shard(rows: Sequence[dict[str, Any]], target: str | Path) -> None:
    """Write rows (from `cleaner.distributed.clean_partition`) as one shard, atomically
    (its folder is made if need be)."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with shard_writer(Path(target)) as writer:
        for row in rows:
            writer.add(row)


def shard_files(folder: Path) -> list[Path]:
    """The folder's shards in natural name order (part.2 before part.10); temporary files
    of unfinished shards are not shards."""
    found = [
        path
        for path in folder.iterdir()
        if path.name.endswith(SHARD_SUFFIX) and not path.name.startswith(".") and path.is_file()
    ]
    return sorted(found, key=_natural_key)


def _natural_key(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(path.name)]


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*"))


def check_shard(path: Path, cleaner_version: str, rules: str) -> None:
    """Refuse, before anything is merged, a file that is not a shard or whose rows another
    cleaner version or other rule packs made (reads only the small columns)."""
    try:
        _check_columns(path, pq.read_schema(path))
        made = pq.read_table(path, columns=["cleaner_version", "rules"])
    except (pa.ArrowException, OSError) as exc:
        raise CleanerError(f"{path}: not a readable shard: {exc}") from exc
    _check_made_like(path, made, cleaner_version, rules)


def read_shard(path: Path, scheme: str, layout: Layout) -> Iterator[Prepared]:
    """The shard's documents, in order, with fingerprints for an index of `scheme` and
    `layout`: stored signatures of another scheme are left for the writer to compute again,
    buckets cut for other bands are cut again."""
    try:
        shard = pq.ParquetFile(path)
        # one thread: the merge is one core's work, beside the writer
        batches = shard.iter_batches(READ_BATCH_ROWS, columns=SCHEMA.names, use_threads=False)
        for batch in batches:
            typed = _typed(path, batch)
            same_bands = _values(typed, "lsh_layout") <= {layout.to_json()}
            fingerprints = Fingerprints(
                signatures=_values(typed, "signature_scheme") <= {scheme},
                layout=None if same_bands else layout,
            )
            yield from batch_prepared(typed, fingerprints)
    except (pa.ArrowException, OSError) as exc:
        raise CleanerError(f"{path}: not a readable shard: {exc}") from exc


def _check_columns(path: Path, schema: pa.Schema) -> None:
    missing = [name for name in SCHEMA.names if name not in schema.names]
    if missing:
        raise CleanerError(f"{path}: not a cleaner shard: no column {', '.join(missing)}")


def _typed(path: Path, batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch in the shard schema's types (a shard another tool wrote may differ in
    string widths or dictionary encoding)."""
    if batch.schema.equals(SCHEMA):
        return batch
    try:
        return pa.Table.from_batches([batch]).cast(SCHEMA).combine_chunks().to_batches()[0]
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, IndexError) as exc:
        raise CleanerError(f"{path}: columns do not have the shard types: {exc}") from exc


def _check_made_like(path: Path, made: pa.Table, version: str, rules: str) -> None:
    made_by = _values(made, "cleaner_version")
    if made_by - {version}:
        raise CleanerError(
            f"{path}: cleaned by cleaner {', '.join(sorted(made_by))}, this is {version}: "
            "merge with the version that cleaned it, or clean the inputs again"
        )
    made_with = _values(made, "rules")
    if made_with - {rules}:
        raise CleanerError(
            f"{path}: cleaned with other rule packs ({', '.join(sorted(made_with))}) than "
            f"this merge ({rules}): give the --rules the job was given"
        )


def _values(data: pa.Table | pa.RecordBatch, name: str) -> set[str]:
    return {str(value) for value in pc.unique(data.column(name)).to_pylist()}
