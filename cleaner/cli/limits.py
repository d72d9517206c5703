"""The input-limit options shared by `cleaner ingest` and `cleaner nightly`.

`@reader_limit_options` adds --max-file-size, --max-decompressed-size and --max-line-length to a
command and hands it one `reader: ReaderOptions` argument instead of three loose values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cleaner.readers import ReaderOptions

F = TypeVar("F", bound=Callable[..., Any])
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_DEFAULTS = ReaderOptions()


class ByteSize(click.ParamType):
    """A size in bytes: 5000000, 500K, 50M, 2G (binary units; KB/KiB accepted alike)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size such as 500K, 50M or 2G", param, ctx)
        unit = (match.group(2) or "").upper()[:1]
        size = int(float(match.group(1)) * _UNITS[unit])
        if size < 1:
            self.fail("a size must be at least 1 byte", param, ctx)
        return size


def _mib(n: int) -> str:
    return f"{n // 1024**2}M"


_OPTIONS = (
    click.option("--max-file-size", type=ByteSize(), default=_mib(_DEFAULTS.max_file_bytes),
                 show_default=True,
                 help="Largest document: a file, a JSONL record or a WARC record payload."),
    click.option("--max-decompressed-size", type=ByteSize(),
                 default=_mib(_DEFAULTS.max_decompressed_bytes), show_default=True,
                 help="Most a gzip file may expand to (guards against gzip bombs)."),
    click.option("--max-line-length", type=click.IntRange(1), default=_DEFAULTS.max_line_chars,
                 show_default=True, help="Longest line of plain text, in characters."),
)  # fmt: skip


def reader_limit_options(command: F) -> F:
    """Add the limit options; the command receives them as `reader: ReaderOptions`."""

    @functools.wraps(command)
    def with_reader(
        *args: Any,
        max_file_size: int,
        max_decompressed_size: int,
        max_line_length: int,
        **kwargs: Any,
    ) -> Any:
        reader = ReaderOptions(
            max_file_bytes=max_file_size,
            max_decompressed_bytes=max_decompressed_size,
            max_line_chars=max_line_length,
        )
        return command(*args, reader=reader, **kwargs)

    decorated: Callable[..., Any] = with_reader
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]
