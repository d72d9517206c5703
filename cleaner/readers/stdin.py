"""Standard input (`-`): one document, gzip-compressed or not, or a whole WARC stream.

Standard input cannot be sought, so it is read whole, within the same caps as a file.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

from cleaner.model import InputKind, RawDocument
from cleaner.readers.content import new_document
from cleaner.readers.files import read_capped
from cleaner.readers.messages import ReadError, Skip, os_reason
from cleaner.readers.options import ReaderOptions
from cleaner.readers.warc import warc_documents

SOURCE = "-"


def stdin_documents(options: ReaderOptions) -> Iterator[RawDocument | ReadError]:
    """What `iter_documents` reads for `-`: a WARC stream's records, or one document."""
    try:
        data = _read_stdin(options)
        if data.startswith(b"WARC/"):
            yield from warc_documents(io.BytesIO(data), SOURCE, len(data), options)
            return
        yield new_document(SOURCE, data, None, options)
    except Skip as exc:
        yield ReadError(SOURCE, str(exc))


def stdin_document(options: ReaderOptions, kind: InputKind | None) -> RawDocument:
    """Standard input as one document, never split into records (`cleaner clean -`).
    Raises Skip with the reason."""
    return new_document(SOURCE, _read_stdin(options), kind, options)


def _read_stdin(options: ReaderOptions) -> bytes:
    if sys.stdin is None:
        raise Skip("standard input is closed")
    try:
        return read_capped(sys.stdin.buffer, options, claims_gzip=False)
    except OSError as exc:
        raise Skip(f"cannot read standard input: {os_reason(exc)}") from exc
