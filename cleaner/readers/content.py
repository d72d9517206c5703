"""The checks a document's bytes pass before they become a `RawDocument`: not empty, not only
whitespace, and (plain text only) no line over the length limit.

Decoding is not done here (that is `cleaner.decode`): a line's length is counted as UTF-8
characters (the bytes that are not UTF-8 continuation bytes) without decoding it.
"""

from __future__ import annotations

from cleaner.model import InputKind, RawDocument
from cleaner.readers.messages import EMPTY_FILE, ONLY_WHITESPACE, Skip
from cleaner.readers.options import ReaderOptions

UTF8_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
UTF8_BOM = b"\xef\xbb\xbf"


def new_document(
    source: str,
    data: bytes,
    kind: InputKind | None,
    options: ReaderOptions,
    url: str | None = None,
    hints: dict[str, str] | None = None,
) -> RawDocument:
    """A `RawDocument` of `data`, once it has passed `check_content` (else `Skip`)."""
    check_content(data, kind, options.max_line_chars)
    return RawDocument(source=source, data=data, url=url, kind_hint=kind, hints=hints or {})


def check_content(data: bytes, kind: InputKind | None, max_line_chars: int) -> None:
    """Raise Skip for a document nothing can come out of, or with a line over the limit."""
    if not data:
        raise Skip(EMPTY_FILE)
    if not data.removeprefix(UTF8_BOM).strip():
        raise Skip(ONLY_WHITESPACE)
    if kind == "html" or (kind is None and data.lstrip()[:1] == b"<"):
        return
    lineno = find_long_line(data, max_line_chars)
    if lineno is not None:
        raise Skip(f"line {lineno} is longer than the {max_line_chars:,}-character limit")


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


def _utf8_chars(line: bytes) -> int:
    return len(line.translate(None, UTF8_CONTINUATION_BYTES))
