"""What the reader tests share: reading paths with options, and sorting out documents and errors."""

from __future__ import annotations

from pathlib import Path

from cleaner.model import RawDocument
from cleaner.readers import ReaderOptions, ReadError, iter_documents

DEFAULTS = ReaderOptions()


def read(paths: list[Path | str], **options: object) -> list[RawDocument | ReadError]:
    return list(iter_documents([str(p) for p in paths], ReaderOptions(**options)))  # type: ignore[arg-type]


def docs(items: list[RawDocument | ReadError]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def errors(items: list[RawDocument | ReadError]) -> list[ReadError]:
    return [i for i in items if isinstance(i, ReadError)]


def only_error(items: list[RawDocument | ReadError]) -> ReadError:
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    return items[0]
