"""A job's inputs → shard tasks: files, folders and glob patterns are expanded in the order
`cleaner ingest` reads them (the readers' folder walk, each file once), then grouped, several
files to a task, into the tasks of which each writes one shard.

The driver only lists and stats; the files are opened on the workers, by the same readers as
`ingest`, so a file's documents get the sources `ingest` gives them (`path`, `path:LINE`,
`path#N`). What cannot be walked (a link out of the tree, a loop, an unlistable folder) travels
with its task as an error, in its place in the order.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cleaner.errors import CleanerError
from cleaner.readers import ReaderOptions, ReadError
from cleaner.readers.messages import display_path, stat_reason
from cleaner.readers.walk import FileId, FolderWalk, file_id

SHARD_SUFFIX = ".parquet"
DEFAULT_FILES_PER_SHARD = 100
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024  # of input: a larger file is a task of its own


@dataclass(frozen=True)
class InputEntry:
    """A file to read (`path`) or an input that already failed (`error`), named `source`."""

    source: str
    path: str | None = None
    error: str | None = None
    size: int = 0


@dataclass(frozen=True)
class ShardTask:
    """The inputs one task cleans into the shard `name` (in input order: names sort so)."""

    name: str
    entries: tuple[InputEntry, ...]

    @property
    def size(self) -> int:
        """Bytes of input (as stored: a compressed file counts compressed)."""
        return sum(entry.size for entry in self.entries)


def plan_shards(
    paths: Sequence[str],
    reader: ReaderOptions,
    files_per_shard: int = DEFAULT_FILES_PER_SHARD,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
) -> list[ShardTask]:
    """The job's tasks: consecutive inputs, up to `files_per_shard` files or `shard_bytes`."""
    groups: list[list[InputEntry]] = [[]]
    size = 0
    for entry in input_entries(paths, reader):
        group = groups[-1]
        if group and (len(group) >= files_per_shard or size + entry.size > shard_bytes):
            groups.append([])
            size = 0
        groups[-1].append(entry)
        size += entry.size
    return [
        ShardTask(_shard_name(i, group), tuple(group)) for i, group in enumerate(groups) if group
    ]


def _shard_name(index: int, entries: Sequence[InputEntry]) -> str:
    """Position first (so names sort in input order), then a digest of what the task reads, so
    a rerun over the same inputs finds its shards and other inputs never match them."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(repr((entry.source, entry.path, entry.error)).encode("utf-8", "replace"))
    return f"part-{index:06d}-{digest.hexdigest()[:12]}{SHARD_SUFFIX}"


def input_entries(paths: Sequence[str], reader: ReaderOptions) -> Iterator[InputEntry]:
    """Every input in `cleaner ingest`'s order; a glob pattern that names no file is expanded."""
    walk = FolderWalk(reader)
    seen: set[FileId] = set()
    for pattern in paths:
        if pattern == "-":
            raise CleanerError("standard input cannot be cleaned on a cluster: save it to a file")
        for path in _expanded(pattern):
            yield from _path_entries(path, walk, seen)


def _expanded(pattern: str) -> list[str]:
    if not glob.has_magic(pattern) or os.path.lexists(pattern):
        return [pattern]
    return sorted(glob.glob(pattern, recursive=True), key=os.fsencode) or [pattern]


def _path_entries(path: str, walk: FolderWalk, seen: set[FileId]) -> Iterator[InputEntry]:
    try:
        st = os.stat(path)
    except OSError as exc:
        yield InputEntry(display_path(path), error=stat_reason(path, exc))
        return
    if not stat.S_ISDIR(st.st_mode):
        yield from _file_entry(path, st, seen)
        return
    for found in walk.walk(path, st):
        if isinstance(found, ReadError):
            yield InputEntry(found.source, error=found.reason)
        else:
            yield from _file_entry(found.path, found.st, seen)


def _file_entry(path: str, st: os.stat_result, seen: set[FileId]) -> Iterator[InputEntry]:
    """A file to read; one reached twice (a link, a repeated argument) is read once. What is
    not a regular file is left to the worker's reader, which says what it is."""
    if stat.S_ISREG(st.st_mode):
        if file_id(st) in seen:
            return
        seen.add(file_id(st))
    yield InputEntry(display_path(path), path=path, size=st.st_size)
