"""What the readers pick up and the limits that protect a run from hostile input.

`ReaderOptions` holds the limits and the folder-walk suffixes; `format_of` says how a file's name
asks to be read (text, HTML, JSON, JSON Lines or WARC, and whether it claims to be gzip).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MiB = 1024 * 1024

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

    def picks_up(self, name: str) -> bool:
        """Whether a file of this name is read when met while walking a folder."""
        lower = name.lower().removesuffix(".gz")
        return any(lower.endswith(ext.lower()) for ext in self.extensions)


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
