"""Inputs → RawDocument: files, folders, gzip, JSON / JSONL records, WARC and standard input.

`iter_documents` streams: one file (or one JSONL line, one WARC record) in memory at a time.
Anything that cannot become a document is yielded as a `ReadError` naming the source and the
reason in one line, and reading goes on with the next input. Decoding bytes to text is not done
here (that is `cleaner.decode`); a reader only finds, bounds and labels the bytes.
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Literal, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cleaner.model import InputKind, RawDocument

MiB = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
CHUNK_BYTES = MiB
MAX_REASON_CHARS = 300

Format = Literal["text", "html", "jsonl", "json", "warc"]

# Name suffix (after removing a trailing ".gz") → how the file is read.
FORMAT_BY_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
}
DEFAULT_EXTENSIONS: tuple[str, ...] = tuple(FORMAT_BY_SUFFIX)

# Record fields holding the document body, in order of preference, with the kind they imply.
BODY_FIELDS: tuple[tuple[str, InputKind | None], ...] = (
    ("html", "html"),
    ("raw_html", "html"),
    ("text", "text"),
    ("content", None),
    ("body", None),
)
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_MEDIA_TYPES = frozenset({"text/plain"})
UTF8_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
UTF8_BOM = b"\xef\xbb\xbf"

# Characters that would break a one-line message: C0 controls, DEL, NEL, line/para separators.
_LINE_BREAKERS = [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]
_ESCAPES = {code: ascii(chr(code))[1:-1] for code in _LINE_BREAKERS}


@dataclass(frozen=True)
class ReaderOptions:
    """What to read and the limits that protect a run from hostile input.

    `max_file_bytes` bounds one document: a file on disk, one JSON/JSONL record, one WARC
    record's payload. `max_decompressed_bytes` bounds what one gzip stream may expand to (gzip
    bombs). `max_line_chars` bounds a line of plain text (HTML is exempt: minified pages put
    most of the page on one line). `extensions` are the suffixes picked up when walking folders
    (each also with `.gz`); a file named explicitly is read whatever its name.
    """

    follow_symlinks: bool = False
    max_file_bytes: int = 50 * MiB
    max_decompressed_bytes: int = 200 * MiB
    max_line_chars: int = 1_000_000
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS


@dataclass(frozen=True)
class ReadError:
    """An input that yielded no document: `source` names it, `reason` says why, one line each."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", one_line(self.source))
        object.__setattr__(self, "reason", one_line(self.reason, MAX_REASON_CHARS))

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class _LineStream(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class _Skip(Exception):
    """Raised inside a reader to turn the current input into a ReadError."""


def one_line(text: str, max_chars: int | None = None) -> str:
    """`text` with line breaks and control characters escaped, optionally shortened."""
    escaped = text.translate(_ESCAPES)
    if max_chars is not None and len(escaped) > max_chars:
        return escaped[: max_chars - 3] + "..."
    return escaped


def display_path(path: str) -> str:
    """A path as printable one-line text: undecodable bytes as \\xNN, newlines as \\n."""
    return one_line(os.fsencode(path).decode("utf-8", "backslashreplace"))


def iter_documents(
    paths: Sequence[str], options: ReaderOptions
) -> Iterator[RawDocument | ReadError]:
    """Every document found in `paths` (files, folders, `-` for stdin), in a stable order."""
    reader = _Reader(options)
    for path in paths:
        if path == "-":
            yield from reader.read_stdin()
        else:
            yield from reader.read_path(path)


def format_of(name: str) -> tuple[Format | None, bool]:
    """How a file name says it should be read, and whether it claims to be gzip-compressed."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    if compressed:
        lower = lower[:-3]
    for suffix, fmt in FORMAT_BY_SUFFIX.items():
        if lower.endswith(suffix):
            return fmt, compressed
    return None, compressed


@dataclass
class _Reader:
    """One `iter_documents` call: the options plus what has been visited so far."""

    options: ReaderOptions
    seen_files: set[tuple[int, int]] = field(default_factory=set)
    seen_dirs: set[tuple[int, int]] = field(default_factory=set)

    # -- paths and folders ------------------------------------------------------------------

    def read_path(self, path: str) -> Iterator[RawDocument | ReadError]:
        source = display_path(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            yield ReadError(source, _stat_reason(path, exc))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self._walk(path, st)
        else:
            yield from self._read_entry(path, st)

    def _walk(self, root: str, root_st: os.stat_result) -> Iterator[RawDocument | ReadError]:
        """Depth-first, names in byte order; an explicit stack so depth is not a recursion."""
        root_real = os.path.realpath(root)
        root_id = (root_st.st_dev, root_st.st_ino)
        self.seen_dirs.add(root_id)
        listing = self._list(root)
        if isinstance(listing, ReadError):
            yield listing
            return
        stack: list[tuple[tuple[int, int], Iterator[os.DirEntry[str]]]] = [(root_id, iter(listing))]
        while stack:
            entry = next(stack[-1][1], None)
            if entry is None:
                stack.pop()
                continue
            ancestors = [dir_id for dir_id, _ in stack]
            outcome = self._visit(entry, root_real, ancestors)
            if isinstance(outcome, tuple):
                sub_listing = self._list(entry.path)
                if isinstance(sub_listing, ReadError):
                    yield sub_listing
                else:
                    stack.append((outcome, iter(sub_listing)))
            elif outcome is not None:
                yield from outcome

    def _list(self, folder: str) -> list[os.DirEntry[str]] | ReadError:
        try:
            with os.scandir(folder) as entries:
                return sorted(entries, key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            return ReadError(display_path(folder), f"cannot list folder: {_os_reason(exc)}")

    def _visit(
        self, entry: os.DirEntry[str], root_real: str, ancestors: list[tuple[int, int]]
    ) -> tuple[int, int] | Iterable[RawDocument | ReadError] | None:
        """A folder id to descend into, documents/errors to yield, or None to pass over."""
        source = display_path(entry.path)
        is_link = entry.is_symlink()
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            return [ReadError(source, _stat_reason(entry.path, exc))] if is_link else None
        is_dir = stat.S_ISDIR(st.st_mode)
        if is_link:
            target = os.path.realpath(entry.path)
            if os.path.commonpath([root_real, target]) == root_real:
                # Inside the tree: the target is walked under its own name (a link back to a
                # parent folder is a loop and reported as one).
                if is_dir and (st.st_dev, st.st_ino) in ancestors:
                    return self._folder_to_enter(source, st, ancestors)
                return None
            if not self.options.follow_symlinks:
                if not is_dir and not self._wanted(entry.name):
                    return None
                return [ReadError(source, "symbolic link leads outside the folder (not followed)")]
        if is_dir:
            return self._folder_to_enter(source, st, ancestors)
        if not self._wanted(entry.name):
            return None
        return self._read_entry(entry.path, st)

    def _folder_to_enter(
        self, source: str, st: os.stat_result, ancestors: list[tuple[int, int]]
    ) -> tuple[int, int] | Iterable[ReadError] | None:
        dir_id = (st.st_dev, st.st_ino)
        if dir_id in ancestors:
            return [ReadError(source, "symbolic link loop: leads back to a parent folder")]
        if dir_id in self.seen_dirs:
            return None  # reached again through a link: already walked
        self.seen_dirs.add(dir_id)
        return dir_id

    def _wanted(self, name: str) -> bool:
        lower = name.lower().removesuffix(".gz")
        return any(lower.endswith(ext.lower()) for ext in self.options.extensions)

    # -- one file ---------------------------------------------------------------------------

    def _read_entry(self, path: str, st: os.stat_result) -> Iterator[RawDocument | ReadError]:
        source = display_path(path)
        if not stat.S_ISREG(st.st_mode):
            yield ReadError(source, f"not a regular file ({_file_type(st.st_mode)})")
            return
        file_id = (st.st_dev, st.st_ino)
        if file_id in self.seen_files:
            return  # the same file reached twice (link, hard link, repeated argument)
        self.seen_files.add(file_id)
        fmt, claims_gzip = format_of(os.path.basename(path))
        try:
            fh = _open_regular(path)
        except _Skip as exc:
            yield ReadError(source, str(exc))
            return
        with fh:
            if fmt in ("jsonl", "warc"):
                yield from self._read_stream(fh, source, fmt, claims_gzip)
            else:
                yield from self._read_whole(fh, source, fmt, claims_gzip)

    def _read_whole(
        self, fh: IO[bytes], source: str, fmt: Format | None, claims_gzip: bool
    ) -> Iterator[RawDocument | ReadError]:
        """A file read into memory at once: a text/HTML document or a JSON file."""
        try:
            data = self._load(fh, claims_gzip)
            if fmt == "json":
                yield from self._json_documents(data, source)
                return
            yield self._document(source, data, _kind_of(fmt))
        except _Skip as exc:
            yield ReadError(source, str(exc))

    def _load(self, fh: IO[bytes], claims_gzip: bool) -> bytes:
        limit = self.options.max_file_bytes
        data = fh.read(limit + 1)
        if len(data) > limit:
            raise _Skip(f"file is larger than the {_size(limit)} limit")
        if data[:2] == GZIP_MAGIC:
            return gunzip_capped(data, self.options.max_decompressed_bytes)
        if claims_gzip:
            raise _Skip("not gzip data although the name ends in .gz")
        return data

    def _read_stream(
        self, fh: IO[bytes], source: str, fmt: Format, claims_gzip: bool
    ) -> Iterator[RawDocument | ReadError]:
        """JSONL line by line, WARC record by record: the file is never held whole."""
        head = fh.read(2)
        fh.seek(0)
        if not head:
            yield ReadError(source, "empty file")
            return
        if fmt == "warc":
            yield from self._warc_documents(fh, source, os.fstat(fh.fileno()).st_size)
            return
        if head == GZIP_MAGIC:
            gz = gzip.GzipFile(fileobj=fh, mode="rb")
            yield from self._jsonl_documents(gz, source, self.options.max_decompressed_bytes)
        elif claims_gzip:
            yield ReadError(source, "not gzip data although the name ends in .gz")
        else:
            yield from self._jsonl_documents(fh, source, None)

    # -- records ----------------------------------------------------------------------------

    def _jsonl_documents(
        self, stream: _LineStream, source: str, max_total: int | None
    ) -> Iterator[RawDocument | ReadError]:
        """Records line by line; `max_total` caps what a decompressed stream may expand to."""
        lines = _LineReader(stream, self.options.max_file_bytes, max_total)
        found = False
        try:
            for lineno, line in lines:
                found = True
                line_source = f"{source}:{lineno}"
                if line is None:
                    limit = _size(self.options.max_file_bytes)
                    yield ReadError(line_source, f"record line is longer than the {limit} limit")
                    continue
                try:
                    yield self._record_document(_parse_json(line), line_source)
                except _Skip as exc:
                    yield ReadError(line_source, str(exc))
        except _Skip as exc:
            yield ReadError(source, f"{exc} (after line {lines.lineno})")
            return
        except (EOFError, OSError, zlib.error) as exc:
            yield ReadError(source, f"{_gzip_reason(exc)} (after line {lines.lineno})")
            return
        if not found:
            yield ReadError(source, "no records (only blank lines)")

    def _json_documents(self, data: bytes, source: str) -> Iterator[RawDocument | ReadError]:
        try:
            value = _parse_json(data)
        except _Skip:
            if _has_several_values(data):  # JSON Lines saved as .json
                yield from self._jsonl_documents(io.BytesIO(data), source, None)
                return
            raise
        if isinstance(value, dict):
            yield self._record_document(value, source)
            return
        if not isinstance(value, list):
            raise _Skip("JSON must be an object or a list of objects")
        if not value:
            raise _Skip("empty JSON list")
        for index, item in enumerate(value, 1):
            item_source = f"{source}#{index}"
            try:
                yield self._record_document(item, item_source)
            except _Skip as exc:
                yield ReadError(item_source, str(exc))

    def _record_document(self, record: object, source: str) -> RawDocument:
        if not isinstance(record, dict):
            raise _Skip(f"record is a JSON {_json_type(record)}, not an object")
        name, kind = _body_field(record)
        body = record[name]
        if not isinstance(body, str):
            raise _Skip(f"record field '{name}' is a JSON {_json_type(body)}, not a string")
        try:
            data = body.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _Skip(f"record field '{name}' holds invalid Unicode (lone surrogate)") from exc
        if len(data) > self.options.max_file_bytes:
            limit = _size(self.options.max_file_bytes)
            raise _Skip(f"record field '{name}' is larger than the {limit} limit")
        url = record.get("url")
        return self._document(
            source,
            data,
            kind,
            url=url if isinstance(url, str) and url.strip() else None,
            hints=_hints(record, exclude={name, "url"}),
        )

    def _document(
        self,
        source: str,
        data: bytes,
        kind: InputKind | None,
        url: str | None = None,
        hints: dict[str, str] | None = None,
    ) -> RawDocument:
        check_content(data, kind, self.options.max_line_chars)
        return RawDocument(source=source, data=data, url=url, kind_hint=kind, hints=hints or {})

    # -- WARC -------------------------------------------------------------------------------

    def _warc_documents(
        self, fh: IO[bytes], source: str, size: int
    ) -> Iterator[RawDocument | ReadError]:
        """Response/resource records holding HTML or plain text, one at a time. warcio passes
        over truncation silently, so a short payload or a file that ends past the last whole
        record is reported here."""
        found = False
        number = 0
        records = _QuietArchiveIterator(fh)
        try:
            for number, record in enumerate(records, 1):
                outcome = self._warc_record(record, f"{source}#{number}")
                if outcome is not None:
                    found = True
                    yield outcome
        except ArchiveLoadFailed as exc:
            where = f"bad WARC record after #{number}" if found else "not a valid WARC file"
            yield ReadError(source, f"{where}: {exc.msg}")
            return
        # warcio raises many types on corrupt input; any of them ends this file, not the run.
        except Exception as exc:
            yield ReadError(source, f"corrupt WARC data after record #{number}: {_describe(exc)}")
            return
        if records.offset < size or records.err_count:
            yield ReadError(source, f"truncated or corrupt WARC data after record #{number}")
        elif not found:
            yield ReadError(source, "no HTML or plain-text response records")

    def _warc_record(self, record: Any, source: str) -> RawDocument | ReadError | None:
        kind = _warc_kind(record)
        if kind is None:
            return None  # requests, metadata, images, redirects: not articles
        limit = self.options.max_file_bytes
        try:
            payload = record.content_stream().read(limit + 1)
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            return ReadError(source, f"unreadable record payload: {_describe(exc)}")
        if len(payload) > limit:
            return ReadError(source, f"record payload is larger than the {_size(limit)} limit")
        record.raw_stream.read()  # drain, so a short record shows as a nonzero remaining limit
        if getattr(record.raw_stream, "limit", 0) > 0:
            return ReadError(source, "truncated WARC record (shorter than its Content-Length)")
        try:
            return self._document(
                source, payload, kind, url=_warc_url(record), hints=_warc_hints(record)
            )
        except _Skip as exc:
            return ReadError(source, str(exc))

    # -- standard input ---------------------------------------------------------------------

    def read_stdin(self) -> Iterator[RawDocument | ReadError]:
        """`-`: one document, gzip-compressed or not, or a whole WARC stream."""
        if sys.stdin is None:
            yield ReadError("-", "standard input is closed")
            return
        try:
            data = self._load(sys.stdin.buffer, claims_gzip=False)
            if data.startswith(b"WARC/"):
                yield from self._warc_documents(io.BytesIO(data), "-", len(data))
                return
            yield self._document("-", data, None)
        except _Skip as exc:
            yield ReadError("-", str(exc))
        except OSError as exc:
            yield ReadError("-", f"cannot read standard input: {_os_reason(exc)}")


class _LineReader:
    """Lines of a binary stream, each at most `line_limit` bytes (longer ones come out as None
    after being skipped), the whole stream at most `total_limit` bytes when given. Blank lines
    are skipped but counted, so line numbers match an editor's."""

    def __init__(self, stream: _LineStream, line_limit: int, total_limit: int | None) -> None:
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
            raise _Skip(f"decompresses to more than the {_size(self.total_limit)} limit")
        return line

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self._readline(CHUNK_BYTES)
            if not chunk or chunk.endswith(b"\n"):
                return


def check_content(data: bytes, kind: InputKind | None, max_line_chars: int) -> None:
    """Raise _Skip for a document nothing can come out of, or with a line over the limit."""
    if not data:
        raise _Skip("empty file")
    if not data.removeprefix(UTF8_BOM).strip():
        raise _Skip("contains only whitespace")
    if kind == "html" or (kind is None and data.lstrip()[:1] == b"<"):
        return
    lineno = find_long_line(data, max_line_chars)
    if lineno is not None:
        raise _Skip(f"line {lineno} is longer than the {max_line_chars:,}-character limit")


def find_long_line(data: bytes, max_chars: int) -> int | None:
    """The 1-based number of the first line over `max_chars` characters (UTF-8 counted)."""
    if len(data) <= max_chars:
        return None
    start, lineno = 0, 1
    while True:
        end = data.find(b"\n", start)
        stop = len(data) if end < 0 else end
        if stop - start > max_chars and _utf8_chars(data[start:stop]) > max_chars:
            return lineno
        if end < 0:
            return None
        start, lineno = end + 1, lineno + 1


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip `data` (all members) in chunks, refusing to expand past `max_bytes`."""
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                out += chunk
                if len(out) > max_bytes:
                    raise _Skip(
                        f"decompresses to more than the {_size(max_bytes)} limit "
                        "(gzip bomb or oversized file)"
                    )
    except (EOFError, OSError, zlib.error) as exc:
        raise _Skip(_gzip_reason(exc)) from exc
    return bytes(out)


def _open_regular(path: str) -> IO[bytes]:
    """Open without ever blocking (O_NONBLOCK: a FIFO swapped in after stat cannot hang us)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _Skip(f"cannot open: {_os_reason(exc)}") from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise _Skip(f"not a regular file ({_file_type(st.st_mode)})")
    return os.fdopen(fd, "rb")


def _parse_json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        where = (
            f"line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        )
        raise _Skip(f"invalid JSON: {exc.msg} ({where})") from exc
    except UnicodeDecodeError as exc:
        raise _Skip(f"invalid JSON: not UTF-8 at byte {exc.start}") from exc
    except RecursionError as exc:
        raise _Skip("invalid JSON: nested too deeply") from exc


def _has_several_values(data: bytes) -> bool:
    """True when `data` is JSON Lines: its first line parses on its own but the whole does not."""
    first = data.lstrip().split(b"\n", 1)[0]
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _body_field(record: dict[str, Any]) -> tuple[str, InputKind | None]:
    for name, kind in BODY_FIELDS:
        if name in record and record[name] is not None:
            return name, kind
    names = "', '".join(name for name, _ in BODY_FIELDS)
    raise _Skip(f"record has none of the fields '{names}'")


def _hints(record: dict[str, Any], exclude: set[str]) -> dict[str, str]:
    """The record's own scalar fields as strings (title, published, fetched_at ...)."""
    hints: dict[str, str] = {}
    for key, value in record.items():
        if key in exclude or key in {name for name, _ in BODY_FIELDS}:
            continue
        if isinstance(value, bool):
            hints[key] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            hints[key] = str(value)
    return hints


class _QuietArchiveIterator(ArchiveIterator):
    """warcio prints a multi-line warning to stderr for a bad record; we report it ourselves
    (err_count) as one line instead."""

    INC_RECORD = ""


def _warc_url(record: Any) -> str | None:
    return record.rec_headers.get_header("WARC-Target-URI") or None


def _warc_hints(record: Any) -> dict[str, str]:
    hints = {
        "fetched_at": str(record.rec_headers.get_header("WARC-Date") or ""),
        "content_type": _warc_content_type(record),
    }
    return {key: value for key, value in hints.items() if value}


def _warc_content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return ""
    return str(headers.get_header("Content-Type") or "")


def _warc_kind(record: Any) -> InputKind | None:
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
    media_type = _warc_content_type(record).split(";", 1)[0].strip().lower()
    if media_type in HTML_MEDIA_TYPES:
        return "html"
    if media_type in TEXT_MEDIA_TYPES:
        return "text"
    return None


def _kind_of(fmt: Format | None) -> InputKind | None:
    if fmt == "html":
        return "html"
    return "text" if fmt == "text" else None


def _utf8_chars(line: bytes) -> int:
    return len(line.translate(None, UTF8_CONTINUATION_BYTES))


def _gzip_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip data (the file ends before the compressed stream does)"
    if isinstance(exc, gzip.BadGzipFile):
        return f"corrupt gzip data: {exc}"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data: {exc}"
    return f"cannot read: {_os_reason(exc)}" if isinstance(exc, OSError) else _describe(exc)


def _stat_reason(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and os.path.lexists(path):
        return "broken symbolic link (its target does not exist)"
    return _os_reason(exc)


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return _describe(exc)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "special file"


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _size(n: int) -> str:
    return f"{n / MiB:g} MiB" if n >= MiB else f"{n:,} bytes"
