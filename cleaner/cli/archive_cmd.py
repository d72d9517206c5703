"""Archive commands: ingest, search, export, reclean, stats (a thin layer over cleaner.ingest
and cleaner.archive)."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from tqdm import tqdm

from cleaner.archive import open_archive
from cleaner.archive.queries import ArchiveStats, ExportFilter, SearchHit, SearchQuery
from cleaner.cli.limits import reader_limit_options, template_options
from cleaner.ingest import ingest, reclean
from cleaner.ingest.options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DB_PATH,
    DEFAULT_TIME_LIMIT,
    Batching,
    IngestOptions,
    RecleanOptions,
)
from cleaner.outcomes import Outcome, OutcomeKind
from cleaner.readers import ReaderOptions
from cleaner.templates import TemplateConfig

F = TypeVar("F", bound=Callable[..., Any])
PARTIAL_EXIT = 1  # some inputs failed, the rest went in
DB_OPTION = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB_PATH,
    show_default=True,
    envvar="CLEANER_DB",
    type=click.Path(dir_okay=False),
    help="Archive database (env CLEANER_DB).",
)
BOLD = ("\x1b[1m", "\x1b[0m")


def time_limit_option(default: float) -> Callable[[F], F]:
    return click.option("--time-limit", default=default, show_default=True,
                        type=click.FloatRange(min=0.1),
                        help="Seconds allowed to clean one document.")  # fmt: skip


class Reporter:
    """Progress bar on a terminal, one line per failed input, nothing else."""

    def __init__(self, quiet: bool, unit: str) -> None:
        show = not quiet and sys.stderr.isatty()
        self.bar = tqdm(unit=unit, file=sys.stderr, disable=not show, dynamic_ncols=True)

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


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Cleaning processes (one writer).")  # fmt: skip
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra rule pack (TOML); repeatable.")  # fmt: skip
@click.option("--follow-symlinks", is_flag=True, help="Follow links that leave the given folders.")
@time_limit_option(DEFAULT_TIME_LIMIT)
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1),
              help="Documents per transaction.")  # fmt: skip
@click.option(
    "--fts-tokenizer",
    default=None,
    help="FTS5 tokenizer of a new archive [porter unicode61 remove_diacritics 2].",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reader_limit_options
@template_options
def ingest_command(
    paths: tuple[str, ...],
    db_path: str,
    jobs: int,
    rule_files: tuple[str, ...],
    follow_symlinks: bool,
    time_limit: float,
    batch_size: int,
    fts_tokenizer: str | None,
    quiet: bool,
    as_json: bool,
    reader: ReaderOptions,
    templates: TemplateConfig,
) -> None:
    """Clean files, folders, JSONL, WARC (gzip too) or - (stdin) into the archive.

    Exit 0 when everything went in, 1 when some inputs failed (each is named on stderr and in
    the errors table), 2 on a fatal error.
    """
    options = IngestOptions(
        paths=paths,
        db_path=db_path,
        jobs=jobs,
        batching=Batching(size=batch_size),
        rule_files=rule_files,
        time_limit=time_limit,
        reader=dataclasses.replace(reader, follow_symlinks=follow_symlinks),
        fts_tokenizer=fts_tokenizer,
        templates=templates,
        argv=shlex.join(["cleaner", *sys.argv[1:]]),
    )
    reporter = Reporter(quiet, "doc")
    try:
        report = ingest(options, on_outcome=reporter)
    finally:
        reporter.close()
    click.echo(json.dumps(report.as_dict()) if as_json else report.summary())
    if report.failed:
        sys.exit(PARTIAL_EXIT)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@DB_OPTION
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--raw", is_flag=True, help="Pass the query to FTS5 as is (AND, OR, NEAR, title:).")
@click.option(
    "--all", "include_all", is_flag=True, help="Include older versions and near duplicates."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def search_command(
    query: tuple[str, ...], db_path: str, limit: int, raw: bool, include_all: bool, as_json: bool
) -> None:
    """Full-text search of the archive, best matches (bm25) first.

    Words are matched as words: quotes, operators and punctuation are safe. "a phrase" in
    double quotes matches the phrase; word* matches a prefix.
    """
    highlight = BOLD if sys.stdout.isatty() and not as_json else ("**", "**")
    wanted = SearchQuery(" ".join(query), raw, limit, include_all, highlight)
    with open_archive(db_path, create=False) as archive:
        hits = archive.search(wanted)
    if as_json:
        for hit in hits:
            click.echo(json.dumps(vars(hit), ensure_ascii=False))
        return
    if not hits:
        click.echo("no matching articles", err=True)
    for number, hit in enumerate(hits, 1):
        click.echo(_format_hit(number, hit))


def _format_hit(number: int, hit: SearchHit) -> str:
    where = " · ".join(part for part in (hit.site, hit.date) if part)
    title = hit.title or "(no title)"
    snippet = " ".join(hit.snippet.split())
    return f"{number}. {title}  [{where}]\n   {snippet}\n   {hit.url or hit.id}\n"


@click.command("export")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "txt"]), default="jsonl",
              show_default=True)  # fmt: skip
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only articles published (else first seen) on or after this date.")  # fmt: skip
@click.option("--site", default=None, help="Only articles of this host (www. ignored).")
@click.option(
    "--all", "include_all", is_flag=True, help="Include older versions and near duplicates."
)
@click.option("--output", "-o", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (written whole or not at all); - for stdout.")  # fmt: skip
def export_command(
    db_path: str,
    fmt: str,
    since: datetime | None,
    site: str | None,
    include_all: bool,
    output: str,
) -> None:
    """Stream articles as JSONL, CSV or plain text, oldest first."""
    wanted = ExportFilter(since.strftime("%Y-%m-%d") if since else None, site, include_all)
    with open_archive(db_path, create=False) as archive, _output(output) as stream:
        count = WRITERS[fmt](archive.iter_export(wanted), stream)
    if output != "-":
        click.echo(f"{count} articles written to {output}", err=True)


@contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _write_jsonl(rows: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def _write_csv(rows: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
    return count


def _write_txt(rows: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    """Title, blank line, text; articles separated by a form-feed line."""
    count = 0
    for count, row in enumerate(rows, 1):
        if count > 1:
            stream.write("\f\n")
        if row["title"]:
            stream.write(f"{row['title']}\n\n")
        stream.write(f"{row['text']}\n")
    return count


WRITERS: dict[str, Callable[[Iterator[dict[str, Any]], IO[str]], int]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "txt": _write_txt,
}


@click.command("reclean")
@DB_OPTION
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--site", default=None, help="Only articles of this host.")
@time_limit_option(DEFAULT_TIME_LIMIT)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@template_options
def reclean_command(
    db_path: str,
    jobs: int,
    rule_files: tuple[str, ...],
    site: str | None,
    time_limit: float,
    quiet: bool,
    as_json: bool,
    templates: TemplateConfig,
) -> None:
    """Re-clean stored raw inputs with the current rules; update articles, removals, index."""
    open_archive(db_path, create=False).close()  # a clear error when there is no archive
    options = RecleanOptions(
        db_path=db_path,
        jobs=jobs,
        rule_files=rule_files,
        sites=(site,) if site else (),
        time_limit=time_limit,
        templates=templates,
    )
    reporter = Reporter(quiet, "article")
    try:
        report = reclean(options, on_outcome=reporter)
    finally:
        reporter.close()
    click.echo(json.dumps(report.as_dict()) if as_json else report.summary())
    if report.failed:
        sys.exit(PARTIAL_EXIT)


@click.command("stats")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0),
              help="Rows per table (0: all).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
def stats_command(db_path: str, limit: int, as_json: bool) -> None:
    """Counts per site, language and removal category."""
    with open_archive(db_path, create=False) as archive:
        stats = archive.stats(limit or None)
    if as_json:
        click.echo(json.dumps(vars(stats), ensure_ascii=False))
        return
    click.echo(_format_stats(stats))


def _format_stats(stats: ArchiveStats) -> str:
    lines = [" ".join(f"{name}={value}" for name, value in stats.totals.items())]
    for title, rows in (
        ("site", stats.by_site),
        ("language", stats.by_language),
        ("removal category", stats.by_category),
        ("templates learned per site", stats.templates_by_site),
    ):
        lines.append(f"\n{title}:")
        width = max((len(key) for key, _ in rows), default=0)
        lines.extend(f"  {key.ljust(width)}  {count:>8}" for key, count in rows)
    return "\n".join(lines)


COMMANDS: list[click.Command] = [
    ingest_command,
    search_command,
    export_command,
    reclean_command,
    stats_command,
]
