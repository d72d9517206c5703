"""Opening files and reading their bytes within the limits: the size cap, gzip (by its magic
bytes, whatever the name) and the cap on what gzip may expand to.

Files are opened without ever blocking on a FIFO swapped in after `stat`; a whole document is
read at most one byte past its cap; JSON Lines are read line by line through `CappedLines`.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterator
from typing import IO, Protocol

from cleaner.readers.messages import NOT_GZIP, Skip, file_type, gzip_reason, os_reason, size_text
from cleaner.readers.options import MiB, ReaderOptions

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = MiB


class LineStream(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def open_regular(path: str, *, pipes: bool = False) -> IO[bytes]:
    """Open a regular file for reading, without ever blocking (O_NONBLOCK: a FIFO swapped in
    after stat cannot hang us). `pipes`: a FIFO is wanted too (a path the user named, such as
    `<(zcat page.gz)`), so it is opened blocking, waiting for its writer as asked."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (0 if pipes else os.O_NONBLOCK)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Skip(f"cannot open: {os_reason(exc)}") from exc
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode))):
        os.close(fd)
        raise Skip(f"not a regular file ({file_type(mode)})")
    return os.fdopen(fd, "rb")


def read_capped(stream: IO[bytes], options: ReaderOptions, claims_gzip: bool) -> bytes:
    """A whole document's bytes, gunzipped when they are gzip, within both size caps."""
    limit = options.max_file_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise Skip(f"file is larger than the {size_text(limit)} limit")
    if data[:2] == GZIP_MAGIC:
        return gunzip_capped(data, options.max_decompressed_bytes)
    if claims_gzip:
        raise Skip(NOT_GZIP)
    return data


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip `data` (all members) in chunks, refusing to expand past `max_bytes`."""
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                out += chunk
                if len(out) > max_bytes:
                    raise Skip(
                        f"decompresses to more than the {size_text(max_bytes)} limit "
                        "(gzip bomb or oversized file)"
                    )
    except (EOFError, OSError, zlib.error) as exc:
        raise Skip(gzip_reason(exc)) from exc
    return bytes(out)


def capped_lines(stream: IO[bytes], options: ReaderOptions, claims_gzip: bool) -> CappedLines:
    """The lines of a JSON Lines file, through gzip when it is gzip, within both caps."""
    head = stream.read(2)
    stream.seek(0)
    if head == GZIP_MAGIC:
        unpacked = gzip.GzipFile(fileobj=stream, mode="rb")
        return CappedLines(unpacked, options.max_file_bytes, options.max_decompressed_bytes)
    if claims_gzip:
        raise Skip(NOT_GZIP)
    return CappedLines(stream, options.max_file_bytes, None)


class CappedLines:
    """Lines of a binary stream, each at most `line_limit` bytes (longer ones come out as None
    after being skipped), the whole stream at most `total_limit` bytes when given. Blank lines
    are skipped but counted, so line numbers match an editor's."""

    def __init__(self, stream: LineStream, line_limit: int, total_limit: int | None) -> None:
        self.stream = stream
        self.line_limit = line_limit
        self.total_limit = total_limit
        self.total = 0
        self.lineno = 0

    def __iter__(self) -> Iterator[tuple[int, bytes | None]]:
        while True:
            line = self._readline(self.line_limit + 1)
            if not line:
                return
            self.lineno += 1
            if len(line) > self.line_limit and not line.endswith(b"\n"):
                self._skip_rest_of_line()
                yield self.lineno, None
            elif line.strip():
                yield self.lineno, line

    def _readline(self, limit: int) -> bytes:
        line = self.stream.readline(limit)
        self.total += len(line)
        if self.total_limit is not None and self.total > self.total_limit:
            raise Skip(f"decompresses to more than the {size_text(self.total_limit)} limit")
        return line

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self._readline(CHUNK_BYTES)
            if not chunk or chunk.endswith(b"\n"):
                return
