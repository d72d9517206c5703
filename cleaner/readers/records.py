"""JSON and JSON Lines records → documents.

A record is an object with the body in one of `BODY_FIELDS` (the first present wins; `html` and
`raw_html` mean HTML, `text` plain text), an optional `url`, and any other scalar fields kept as
string hints (title, published, fetched_at ...). A JSON file holds one record or a list of them;
JSON Lines are read line by line, so a bad line is reported with its number and the next read.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from typing import Any

from cleaner.model import InputKind, RawDocument
from cleaner.readers.content import new_document
from cleaner.readers.files import CappedLines
from cleaner.readers.messages import ReadError, Skip, gzip_reason, json_type, size_text
from cleaner.readers.options import ReaderOptions

# Record fields holding the document body, in order of preference, with the kind they imply.
BODY_FIELDS: tuple[tuple[str, InputKind | None], ...] = (
    ("html", "html"),
    ("raw_html", "html"),
    ("text", "text"),
    ("content", None),
    ("body", None),
)
_BODY_FIELD_NAMES = frozenset(name for name, _ in BODY_FIELDS)


def jsonl_documents(
    lines: CappedLines, source: str, options: ReaderOptions
) -> Iterator[RawDocument | ReadError]:
    """One document per non-blank line, named `source:line`; a stream that breaks (gzip, the
    decompression cap) ends the file with an error naming the last line read."""
    found = False
    try:
        for lineno, line in lines:
            found = True
            line_source = f"{source}:{lineno}"
            if line is None:
                limit = size_text(options.max_file_bytes)
                yield ReadError(line_source, f"record line is longer than the {limit} limit")
                continue
            try:
                yield record_document(parse_json(line), line_source, options)
            except Skip as exc:
                yield ReadError(line_source, str(exc))
    except Skip as exc:
        yield ReadError(source, f"{exc} (after line {lines.lineno})")
        return
    except (EOFError, OSError, zlib.error) as exc:
        yield ReadError(source, f"{gzip_reason(exc)} (after line {lines.lineno})")
        return
    if not found:
        yield ReadError(source, "no records (only blank lines)")


def json_documents(
    data: bytes, source: str, options: ReaderOptions
) -> Iterator[RawDocument | ReadError]:
    """A JSON file: one record, or a list of them named `source#n` (JSON Lines saved as .json
    are read as JSON Lines). Raises Skip when the file as a whole holds no records."""
    try:
        value = parse_json(data)
    except Skip:
        if _has_several_values(data):
            lines = CappedLines(io.BytesIO(data), options.max_file_bytes, None)
            yield from jsonl_documents(lines, source, options)
            return
        raise
    if isinstance(value, dict):
        yield record_document(value, source, options)
        return
    if not isinstance(value, list):
        raise Skip("JSON must be an object or a list of objects")
    if not value:
        raise Skip("empty JSON list")
    for index, item in enumerate(value, 1):
        item_source = f"{source}#{index}"
        try:
            yield record_document(item, item_source, options)
        except Skip as exc:
            yield ReadError(item_source, str(exc))


def record_document(record: object, source: str, options: ReaderOptions) -> RawDocument:
    if not isinstance(record, dict):
        raise Skip(f"record is a JSON {json_type(record)}, not an object")
    name, kind = _body_field(record)
    body = record[name]
    if not isinstance(body, str):
        raise Skip(f"record field '{name}' is a JSON {json_type(body)}, not a string")
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Skip(f"record field '{name}' holds invalid Unicode (lone surrogate)") from exc
    if len(data) > options.max_file_bytes:
        limit = size_text(options.max_file_bytes)
        raise Skip(f"record field '{name}' is larger than the {limit} limit")
    url = record.get("url")
    return new_document(
        source,
        data,
        kind,
        options,
        url=url if isinstance(url, str) and url.strip() else None,
        hints=_hints(record, exclude={name, "url"}),
    )


def parse_json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        where = (
            f"line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        )
        raise Skip(f"invalid JSON: {exc.msg} ({where})") from exc
    except UnicodeDecodeError as exc:
        raise Skip(f"invalid JSON: not UTF-8 at byte {exc.start}") from exc
    except RecursionError as exc:
        raise Skip("invalid JSON: nested too deeply") from exc


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
    raise Skip(f"record has none of the fields '{names}'")


def _hints(record: dict[str, Any], exclude: set[str]) -> dict[str, str]:
    """The record's own scalar fields as strings (title, published, fetched_at ...)."""
    hints: dict[str, str] = {}
    for key, value in record.items():
        if key in exclude or key in _BODY_FIELD_NAMES:
            continue
        if isinstance(value, bool):
            hints[key] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            hints[key] = str(value)
    return hints
