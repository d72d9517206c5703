"""Inputs → RawDocument. (Stub: plain files only; the readers work replaces this.)"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.model import RawDocument


@dataclass(frozen=True)
class ReadError:
    source: str
    reason: str


@dataclass(frozen=True)
class ReaderOptions:
    follow_symlinks: bool = False
    max_file_bytes: int = 50 * 1024 * 1024
    max_decompressed_bytes: int = 200 * 1024 * 1024
    max_line_chars: int = 1_000_000


def iter_documents(
    paths: Sequence[str], options: ReaderOptions
) -> Iterator[RawDocument | ReadError]:
    for path in paths:
        p = Path(path)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            yield RawDocument(source=str(f), data=f.read_bytes())
