"""What `cleaner ingest` and `reclean` show while they run: a progress bar on a terminal (with
a total when the number of inputs is known beforehand) and one line per failed input."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable

import click
from tqdm import tqdm

from cleaner.outcomes import Outcome, OutcomeKind
from cleaner.readers import ReaderOptions
from cleaner.readers.options import format_of
from cleaner.readers.walk import FolderWalk, FoundFile

MULTI_RECORD_FORMATS = ("json", "jsonl", "warc")  # files holding any number of documents


class Reporter:
    """Progress bar on a terminal, one line per failed input, nothing else. `total` is asked
    for only when the bar is shown (counting may walk folders)."""

    def __init__(self, quiet: bool, unit: str, total: Callable[[], int | None]) -> None:
        show = not quiet and sys.stderr.isatty()
        self.bar = tqdm(
            unit=unit,
            total=total() if show else None,
            file=sys.stderr,
            disable=not show,
            dynamic_ncols=True,
        )

    def __call__(self, outcome: Outcome) -> None:
        self.bar.update(1)
        if outcome.kind is OutcomeKind.ERROR:
            message = f"error: {outcome.source}: {outcome.reason}".replace("\n", " ")
            if self.bar.disable:
                click.echo(message, err=True)
            else:
                self.bar.write(message, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


def input_count(paths: Iterable[str], options: ReaderOptions) -> int | None:
    """How many documents `paths` hold, when that is known without reading them: each file of
    one document (text or HTML, by its name) counts one, and so does each input that cannot be
    read (it ends as one error). None as soon as a JSON, JSONL or WARC file, a file of unknown
    kind or standard input (which may be a WARC stream) is met."""
    walk = FolderWalk(options)
    total = 0
    for path in paths:
        count = _count(path, walk)
        if count is None:
            return None
        total += count
    return total


def _count(path: str, walk: FolderWalk) -> int | None:
    if path == "-":
        return None
    try:
        st = os.stat(path)
    except OSError:
        return 1  # one error
    if not stat.S_ISDIR(st.st_mode):
        return 1 if _one_document(path) else None
    count = 0
    for found in walk.walk(path, st):
        if isinstance(found, FoundFile) and not _one_document(found.path):
            return None
        count += 1
    return count


def _one_document(path: str) -> bool:
    fmt, _ = format_of(os.path.basename(path))
    return fmt is not None and fmt not in MULTI_RECORD_FORMATS
