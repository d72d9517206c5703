"""The one-line messages of the readers.

`ReadError` is an input that yielded no document: its source and the reason, each one line.
`Skip` is raised inside a reader to turn the current input into a `ReadError`. The rest turns
OS, gzip and JSON failures, file types and sizes into the short phrases those reasons are made of.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
import zlib
from dataclasses import dataclass

from cleaner.readers.options import MiB

MAX_REASON_CHARS = 300
EMPTY_FILE = "empty file"
ONLY_WHITESPACE = "contains only whitespace"
NOT_GZIP = "not gzip data although the name ends in .gz"

# Characters that would break a one-line message: C0 controls, DEL, NEL, line/para separators.
_LINE_BREAKERS = [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]
_ESCAPES = {code: ascii(chr(code))[1:-1] for code in _LINE_BREAKERS}


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

    @property
    def holds_nothing(self) -> bool:
        """The input is empty (no bytes, or only whitespace): nothing to read, not a fault."""
        return self.reason in (EMPTY_FILE, ONLY_WHITESPACE)


class Skip(Exception):
    """Raised inside a reader to turn the current input into a ReadError with this reason."""


def one_line(text: str, max_chars: int | None = None) -> str:
    """`text` with line breaks and control characters escaped, optionally shortened."""
    escaped = text.translate(_ESCAPES)
    if max_chars is not None and len(escaped) > max_chars:
        return escaped[: max_chars - 3] + "..."
    return escaped


def display_path(path: str) -> str:
    """A path as printable one-line text: undecodable bytes as \\xNN, newlines as \\n."""
    return one_line(os.fsencode(path).decode("utf-8", "backslashreplace"))


def size_text(n: int) -> str:
    """A limit as people read it: whole MiB, or bytes with thousands separators."""
    return f"{n / MiB:g} MiB" if n >= MiB else f"{n:,} bytes"


def gzip_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip data (the file ends before the compressed stream does)"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip data: {exc}"
    return f"cannot read: {os_reason(exc)}" if isinstance(exc, OSError) else describe(exc)


def stat_reason(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and os.path.lexists(path):
        return "broken symbolic link (its target does not exist)"
    return os_reason(exc)


def os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return describe(exc)


def describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "special file"


def json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
