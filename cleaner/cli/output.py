"""How the commands that print records print them (`search`, `explain`, `duplicates`, `stats`,
`templates`, `export`), after sqlite-utils' conventions.

`@output_options` adds `--json` (one JSON array), `--nl` (newline-delimited JSON: one object
per line), `--csv` and `--tsv` (a header row, then one row per record) to a command, which
receives the choice as `fmt`; without any of them the command prints its own human-readable
layout. `print_records` is the one writer of all five: records stream through it one at a time
(a JSON array is opened, written record by record and closed), so `export` keeps constant
memory. Colour follows https://no-color.org: `NO_COLOR` turns it off unless `--color` asks.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any, Literal, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
Format = Literal["human", "json", "nl", "csv", "tsv"]
Row = Mapping[str, Any]
HumanLayout = Callable[[Iterable[Row]], Iterable[str]]

_FLAGS: tuple[tuple[Format, str], ...] = (
    ("json", "Print the records as one JSON array."),
    ("nl", "Print newline-delimited JSON: one object per line."),
    ("csv", "Print the records as CSV, with a header row."),
    ("tsv", "Print the records as tab-separated values, with a header row."),
)
FLAG_NAMES = ", ".join(f"--{name}" for name, _ in _FLAGS)


def output_options(command: F) -> F:
    """Add --json, --nl, --csv and --tsv; the command receives `fmt` ("human" when none)."""

    @functools.wraps(command)
    def with_format(*args: Any, **kwargs: Any) -> Any:
        chosen = [name for name, _ in _FLAGS if kwargs.pop(f"as_{name}")]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one of {FLAG_NAMES}")
        return command(*args, fmt=chosen[0] if chosen else "human", **kwargs)

    decorated: Callable[..., Any] = with_format
    for name, help_text in reversed(_FLAGS):
        decorated = click.option(f"--{name}", f"as_{name}", is_flag=True, help=help_text)(decorated)
    return decorated  # type: ignore[return-value]


def print_records(
    rows: Iterable[Row],
    fmt: Format,
    human: HumanLayout,
    *,
    stream: IO[str] | None = None,
    color: bool | None = None,
) -> int:
    """Write `rows` in `fmt` (`human`: the lines `human` makes of them) and return how many
    records were written."""
    out = stream if stream is not None else sys.stdout
    counted = _Counted(rows)
    if fmt == "human":
        for line in human(counted):
            click.echo(line, file=out, color=color)
    elif fmt == "json":
        _write_json_array(counted, out)
    elif fmt == "nl":
        for row in counted:
            out.write(_json(row) + "\n")
    else:
        _write_delimited(counted, out, "excel-tab" if fmt == "tsv" else "excel")
    return counted.count


def colour_wanted(flag: bool | None, stream: IO[str] | None = None) -> bool:
    """An explicit --color/--no-color wins; else no colour under NO_COLOR, else only on a
    terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return (stream if stream is not None else sys.stdout).isatty()


class _Counted:
    """An iterable that counts the records it hands out."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Row]:
        for row in self.rows:
            self.count += 1
            yield row


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _write_json_array(rows: Iterable[Row], out: IO[str]) -> None:
    """`[{...},\\n {...}]`, as sqlite-utils prints it: one record per line, still one array."""
    opened = False
    for row in rows:
        out.write((",\n " if opened else "[") + _json(dict(row)))
        opened = True
    out.write("]\n" if opened else "[]\n")


def _write_delimited(rows: Iterable[Row], out: IO[str], dialect: str) -> None:
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), dialect=dialect)
            writer.writeheader()
        writer.writerow({key: _cell(value) for key, value in row.items()})


def _cell(value: Any) -> Any:
    """Lists and objects as JSON in their cell, None as an empty cell (as sqlite-utils does),
    booleans as 1 and 0 (as SQLite stores them)."""
    if isinstance(value, (list, tuple, dict)):
        return _json(value)
    if isinstance(value, bool):
        return int(value)
    return "" if value is None else value
