"""Where the readers meet: paths in, documents out.

`iter_documents` streams everything found in files, folders and standard input, one file (or
JSONL line, or WARC record) in memory at a time, and reads each file once however often it is
reached. `read_document` reads exactly one document for `cleaner clean`, within the same caps
and with the same messages.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from cleaner.errors import InputError
from cleaner.model import InputKind, RawDocument
from cleaner.readers.content import new_document
from cleaner.readers.files import capped_lines, open_regular, read_capped
from cleaner.readers.messages import (
    EMPTY_FILE,
    MAX_REASON_CHARS,
    ReadError,
    Skip,
    display_path,
    file_type,
    one_line,
    os_reason,
    stat_reason,
)
from cleaner.readers.options import Format, ReaderOptions, format_of
from cleaner.readers.records import json_documents, jsonl_documents
from cleaner.readers.stdin import stdin_document, stdin_documents
from cleaner.readers.walk import FileId, FolderWalk, file_id
from cleaner.readers.warc import warc_documents

ONE_DOCUMENT_ONLY = "is a folder (clean takes one document; use `cleaner ingest` for many)"


def iter_documents(
    paths: Sequence[str], options: ReaderOptions
) -> Iterator[RawDocument | ReadError]:
    """Every document found in `paths` (files, folders, `-` for stdin), in a stable order."""
    reader = _Reader(options, FolderWalk(options))
    for path in paths:
        if path == "-":
            yield from stdin_documents(options)
        else:
            yield from reader.read_path(path)


def read_document(source: str, options: ReaderOptions, kind: InputKind | None) -> RawDocument:
    """One document, read whole from a file or `-` (standard input), gunzipped if need be, never
    split into records; `kind` is the kind the caller was told (None: see the content).
    Raises InputError with the reason `iter_documents` would give."""
    try:
        if source == "-":
            return stdin_document(options, kind)
        return _read_named_file(source, options, kind)
    except Skip as exc:
        raise InputError(one_line(str(exc), MAX_REASON_CHARS)) from exc


def _read_named_file(path: str, options: ReaderOptions, kind: InputKind | None) -> RawDocument:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise Skip(stat_reason(path, exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise Skip(ONE_DOCUMENT_ONLY)
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise Skip(f"not a regular file ({file_type(st.st_mode)})")
    _, claims_gzip = format_of(os.path.basename(path))
    with open_regular(path, pipes=True) as fh:
        try:
            data = read_capped(fh, options, claims_gzip)
        except OSError as exc:
            raise Skip(f"cannot read: {os_reason(exc)}") from exc
    return new_document(display_path(path), data, kind, options)


@dataclass
class _Reader:
    """One `iter_documents` call: the options, its folder walk and the files that may be
    reached again.

    A file the walk finds under its own name, with one link, can only be reached again as an
    argument or through a followed link, and then its real folder is one the walk entered: so
    only hard-linked files, files given as arguments and files reached through links are
    remembered, and memory does not grow with the number of files walked."""

    options: ReaderOptions
    folders: FolderWalk
    seen_files: set[FileId] = field(default_factory=set)

    def read_path(self, path: str) -> Iterator[RawDocument | ReadError]:
        try:
            st = os.stat(path)
        except OSError as exc:
            yield ReadError(display_path(path), stat_reason(path, exc))
            return
        if not stat.S_ISDIR(st.st_mode):
            yield from self._read_file(path, st, walked=False)
            return
        for found in self.folders.walk(path, st):
            if isinstance(found, ReadError):
                yield found
            else:
                yield from self._read_file(found.path, found.st, walked=not found.linked)

    def _read_file(
        self, path: str, st: os.stat_result, *, walked: bool
    ) -> Iterator[RawDocument | ReadError]:
        """`walked`: found by a folder walk under its own name (not an argument or a link)."""
        source = display_path(path)
        if not stat.S_ISREG(st.st_mode):
            yield ReadError(source, f"not a regular file ({file_type(st.st_mode)})")
            return
        if not self._first_reach(path, st, walked=walked):
            return  # the same file reached twice (link, hard link, repeated argument)
        fmt, claims_gzip = format_of(os.path.basename(path))
        try:
            fh = open_regular(path)
        except Skip as exc:
            yield ReadError(source, str(exc))
            return
        with fh:
            if fmt in ("jsonl", "warc"):
                yield from self._read_stream(fh, source, fmt, claims_gzip)
            else:
                yield from self._read_whole(fh, source, fmt, claims_gzip)

    def _first_reach(self, path: str, st: os.stat_result, *, walked: bool) -> bool:
        key = file_id(st)
        if key in self.seen_files or (not walked and self._walk_found(path)):
            return False
        if not walked or st.st_nlink > 1:
            self.seen_files.add(key)
        return True

    def _walk_found(self, path: str) -> bool:
        """Whether a walk found (or, midway through its folder, will find) this file under its
        own name: its real folder was entered and the walk picks up its real name."""
        real = os.path.realpath(path)
        try:
            folder = os.stat(os.path.dirname(real))
        except OSError:
            return False
        return self.folders.entered(file_id(folder)) and self.options.picks_up(
            os.path.basename(real)
        )

    def _read_whole(
        self, fh: IO[bytes], source: str, fmt: Format | None, claims_gzip: bool
    ) -> Iterator[RawDocument | ReadError]:
        """A file read into memory at once: a text/HTML document or a JSON file."""
        try:
            data = read_capped(fh, self.options, claims_gzip)
            if fmt == "json":
                yield from json_documents(data, source, self.options)
                return
            yield new_document(source, data, _kind_of(fmt), self.options)
        except Skip as exc:
            yield ReadError(source, str(exc))

    def _read_stream(
        self, fh: IO[bytes], source: str, fmt: Format, claims_gzip: bool
    ) -> Iterator[RawDocument | ReadError]:
        """JSONL line by line, WARC record by record: the file is never held whole."""
        if not fh.read(1):
            yield ReadError(source, EMPTY_FILE)
            return
        fh.seek(0)
        if fmt == "warc":
            yield from warc_documents(fh, source, os.fstat(fh.fileno()).st_size, self.options)
            return
        try:
            lines = capped_lines(fh, self.options, claims_gzip)
        except Skip as exc:
            yield ReadError(source, str(exc))
            return
        yield from jsonl_documents(lines, source, self.options)


def _kind_of(fmt: Format | None) -> InputKind | None:
    if fmt == "html":
        return "html"
    return "text" if fmt == "text" else None
