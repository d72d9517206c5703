"""`cleaner export`: stream the archive's articles as JSON Lines, a JSON array, CSV, TSV or
plain text, to standard output or to a file written whole or not at all."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

import click

from cleaner.archive import open_archive
from cleaner.archive.queries import ExportFilter
from cleaner.cli.archive_cmd import DB_OPTION
from cleaner.cli.output import FLAG_NAMES, Format, Row, output_options, print_records
from cleaner.errors import CleanerError

# --format's names → the output format; `txt` is export's human layout
EXPORT_FORMATS: dict[str, Format] = {
    "jsonl": "nl",
    "json": "json",
    "csv": "csv",
    "tsv": "tsv",
    "txt": "human",
}
DEFAULT_EXPORT_FORMAT = "jsonl"


@click.command("export")
@DB_OPTION
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(EXPORT_FORMATS)),
    default=None,
    show_default=DEFAULT_EXPORT_FORMAT,
    help=f"Output format (txt: title, blank line, text). {FLAG_NAMES} choose it too.",
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only articles published (else first seen) on or after this date.")  # fmt: skip
@click.option("--site", default=None, help="Only articles of this host (www. ignored).")
@click.option(
    "--all", "include_all", is_flag=True, help="Include older versions and near duplicates."
)
@click.option("--output", "-o", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (written whole or not at all); - for stdout.")  # fmt: skip
@output_options
def export_command(
    db_path: str,
    format_name: str | None,
    since: datetime | None,
    site: str | None,
    include_all: bool,
    output: str,
    fmt: Format,
) -> None:
    """Stream articles as JSON Lines, JSON, CSV, TSV or plain text, oldest first."""
    if fmt != "human" and format_name is not None:
        raise click.UsageError(f"give either --format or one of {FLAG_NAMES}, not both")
    chosen = fmt if fmt != "human" else EXPORT_FORMATS[format_name or DEFAULT_EXPORT_FORMAT]
    wanted = ExportFilter(since.strftime("%Y-%m-%d") if since else None, site, include_all)
    with open_archive(db_path, create=False) as archive, _output(output) as stream:
        count = print_records(archive.iter_export(wanted), chosen, _txt_lines, stream=stream)
    if output != "-":
        click.echo(f"{count} articles written to {output}", err=True)


def _txt_lines(rows: Iterable[Row]) -> Iterator[str]:
    """Title, blank line, text; articles separated by a form-feed line."""
    for number, row in enumerate(rows, 1):
        if number > 1:
            yield "\f"
        if row["title"]:
            yield f"{row['title']}\n"
        yield row["text"]


@contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    """Standard output, or a temporary file next to `path` renamed into place at the end."""
    if path == "-":
        yield sys.stdout
        return
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise CleanerError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.")
    except OSError as exc:
        raise CleanerError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


COMMANDS: list[click.Command] = [export_command]
