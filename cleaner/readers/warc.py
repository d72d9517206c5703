"""WARC records → documents: response and resource records holding HTML or plain text, read
one at a time with warcio (gzip per record or not).

Requests, metadata, images, redirects and error pages are passed over. warcio passes over
truncation silently, so a short payload, or a file that ends past its last whole record, is
reported here; a corrupt file ends with one error and the records before it kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cleaner.model import InputKind, RawDocument
from cleaner.readers.content import new_document
from cleaner.readers.messages import ReadError, Skip, describe, size_text
from cleaner.readers.options import ReaderOptions

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_MEDIA_TYPES = frozenset({"text/plain"})


class _QuietArchiveIterator(ArchiveIterator):
    """warcio prints a multi-line warning to stderr for a bad record; we report it ourselves
    (err_count) as one line instead."""

    INC_RECORD = ""


def warc_documents(
    stream: IO[bytes], source: str, size: int, options: ReaderOptions
) -> Iterator[RawDocument | ReadError]:
    """The article records of a WARC stream of `size` bytes, each named `source#n`."""
    found = False
    number = 0
    records = _QuietArchiveIterator(stream)
    try:
        for number, record in enumerate(records, 1):
            outcome = _record_document(record, f"{source}#{number}", options)
            if outcome is not None:
                found = True
                yield outcome
    except ArchiveLoadFailed as exc:
        where = f"bad WARC record after #{number}" if found else "not a valid WARC file"
        yield ReadError(source, f"{where}: {exc.msg}")
        return
    # warcio raises many types on corrupt input; any of them ends this file, not the run.
    except Exception as exc:
        yield ReadError(source, f"corrupt WARC data after record #{number}: {describe(exc)}")
        return
    if records.offset < size or records.err_count:
        yield ReadError(source, f"truncated or corrupt WARC data after record #{number}")
    elif not found:
        yield ReadError(source, "no HTML or plain-text response records")


def _record_document(
    record: Any, source: str, options: ReaderOptions
) -> RawDocument | ReadError | None:
    kind = _kind(record)
    if kind is None:
        return None  # requests, metadata, images, redirects: not articles
    limit = options.max_file_bytes
    try:
        payload = record.content_stream().read(limit + 1)
    except (EOFError, OSError, zlib.error, ValueError) as exc:
        return ReadError(source, f"unreadable record payload: {describe(exc)}")
    if len(payload) > limit:
        return ReadError(source, f"record payload is larger than the {size_text(limit)} limit")
    record.raw_stream.read()  # drain, so a short record shows as a nonzero remaining limit
    if getattr(record.raw_stream, "limit", 0) > 0:
        return ReadError(source, "truncated WARC record (shorter than its Content-Length)")
    try:
        return new_document(source, payload, kind, options, url=_url(record), hints=_hints(record))
    except Skip as exc:
        return ReadError(source, str(exc))


def _url(record: Any) -> str | None:
    return record.rec_headers.get_header("WARC-Target-URI") or None


def _hints(record: Any) -> dict[str, str]:
    hints = {
        "fetched_at": str(record.rec_headers.get_header("WARC-Date") or ""),
        "content_type": _content_type(record),
    }
    return {key: value for key, value in hints.items() if value}


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return ""
    return str(headers.get_header("Content-Type") or "")


def _kind(record: Any) -> InputKind | None:
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
    media_type = _content_type(record).split(";", 1)[0].strip().lower()
    if media_type in HTML_MEDIA_TYPES:
        return "html"
    if media_type in TEXT_MEDIA_TYPES:
        return "text"
    return None
