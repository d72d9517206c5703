"""Archive commands: ingest, search, reclean, stats (a thin layer over cleaner.ingest and
cleaner.archive; `export` has its own module). Search results and statistics print through
`cleaner.cli.output`: a human layout, or --json, --nl, --csv, --tsv."""

from __future__ import annotations

import dataclasses
import json
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import click

from cleaner.archive import open_archive
from cleaner.archive.queries import ArchiveStats
from cleaner.archive.search import SearchHit, SearchQuery
from cleaner.cli.limits import reader_limit_options, template_options
from cleaner.cli.output import Format, Row, colour_wanted, output_options, print_records
from cleaner.cli.progress import Reporter, input_count
from cleaner.ingest import ingest, reclean
from cleaner.ingest.feeder import current_versions
from cleaner.ingest.options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DB_PATH,
    DEFAULT_TIME_LIMIT,
    Batching,
    IngestOptions,
    RecleanOptions,
)
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
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
SUMMARY_JSON_OPTION = click.option("--json", "as_json", is_flag=True,
                                   help="Print the summary as JSON.")  # fmt: skip


def jobs_option(description: str = "Cleaning processes (one writer).") -> Callable[[F], F]:
    return click.option("--jobs", "-j", default=1, show_default=True,
                        type=click.IntRange(1, 64), help=description)  # fmt: skip


RULES_OPTION = click.option("--rules", "rule_files", multiple=True,
                            type=click.Path(exists=True, dir_okay=False),
                            help="Extra rule pack (TOML); repeatable.")  # fmt: skip
BOLD = ("\x1b[1m", "\x1b[0m")


def time_limit_option(default: float) -> Callable[[F], F]:
    return click.option("--time-limit", default=default, show_default=True,
                        type=click.FloatRange(min=0.1),
                        help="Seconds allowed to clean one document.")  # fmt: skip


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@jobs_option()
@RULES_OPTION
@click.option("--follow-symlinks", is_flag=True, help="Follow links that leave the given folders.")
@time_limit_option(DEFAULT_TIME_LIMIT)
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1),
              help="Documents per transaction.")  # fmt: skip
@click.option(
    "--fts-tokenizer",
    default=None,
    help="FTS5 tokenizer of a new archive [porter unicode61 remove_diacritics 2].",
)
@QUIET_OPTION
@SUMMARY_JSON_OPTION
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
    reporter = Reporter(quiet, "doc", total=lambda: input_count(paths, options.reader))
    report_run(lambda: ingest(options, on_outcome=reporter), reporter, as_json)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@DB_OPTION
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="At most this many results.")  # fmt: skip
@click.option("--raw", is_flag=True, help="Pass the query to FTS5 as is (AND, OR, NEAR, title:).")
@click.option(
    "--all", "include_all", is_flag=True, help="Include older versions and near duplicates."
)
@output_options
def search_command(
    query: tuple[str, ...], db_path: str, limit: int, raw: bool, include_all: bool, fmt: Format
) -> None:
    """Full-text search of the archive, best matches (bm25) first.

    Words are matched as words: quotes, operators and punctuation are safe. "a phrase" in
    double quotes matches the phrase; word* matches a prefix.
    """
    bold = fmt == "human" and colour_wanted(None)
    wanted = SearchQuery(" ".join(query), raw, limit, include_all, BOLD if bold else ("**", "**"))
    with open_archive(db_path, create=False) as archive:
        hits = archive.search(wanted)
    if not hits and fmt == "human":
        click.echo("no matching articles", err=True)
    print_records((vars(hit) for hit in hits), fmt, _hit_lines, color=bold)


def _hit_lines(rows: Iterable[Row]) -> Iterator[str]:
    for number, row in enumerate(rows, 1):
        yield _format_hit(number, SearchHit(**row))


def _format_hit(number: int, hit: SearchHit) -> str:
    where = " · ".join(part for part in (hit.site, hit.date) if part)
    title = hit.title or "(no title)"
    snippet = " ".join(hit.snippet.split())
    return f"{number}. {title}  [{where}]\n   {snippet}\n   {hit.url or hit.id}\n"


@click.command("reclean")
@DB_OPTION
@jobs_option()
@RULES_OPTION
@click.option("--site", default=None, help="Only articles of this host.")
@click.option(
    "--outdated",
    is_flag=True,
    help="Only articles cleaned by another cleaner version, or plain text decided by another "
    "line model (or none).",
)
@time_limit_option(DEFAULT_TIME_LIMIT)
@QUIET_OPTION
@SUMMARY_JSON_OPTION
@template_options
def reclean_command(
    db_path: str,
    jobs: int,
    rule_files: tuple[str, ...],
    site: str | None,
    outdated: bool,
    time_limit: float,
    quiet: bool,
    as_json: bool,
    templates: TemplateConfig,
) -> None:
    """Re-clean stored raw inputs with the current rules; update articles, removals, index."""
    with open_archive(db_path, create=False) as archive:  # a clear error when there is none
        total = archive.stored_input_count(site, current_versions() if outdated else None)
    options = RecleanOptions(
        db_path=db_path,
        jobs=jobs,
        rule_files=rule_files,
        sites=(site,) if site else (),
        outdated_only=outdated,
        time_limit=time_limit,
        templates=templates,
    )
    reporter = Reporter(quiet, "article", total=lambda: total)
    report_run(lambda: reclean(options, on_outcome=reporter), reporter, as_json)


def report_run(run: Callable[[], Any], reporter: Reporter, as_json: bool) -> None:
    """Run an ingest or reclean with its progress bar, print its summary, exit 1 on failures."""
    try:
        report = run()
    finally:
        reporter.close()
    click.echo(json.dumps(report.as_dict()) if as_json else report.summary())
    if report.failed:
        sys.exit(PARTIAL_EXIT)


@click.command("stats")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0),
              help="Rows per table (0: all).")  # fmt: skip
@output_options
def stats_command(db_path: str, limit: int, fmt: Format) -> None:
    """Counts per site, language and removal category, and templates learned per site.

    Records: section (totals, site, language, category, templates), name, count.
    """
    with open_archive(db_path, create=False) as archive:
        stats = archive.stats(limit or None)
    left_out = stats.totals["sites"] - len(stats.by_site)
    note = f"... and {left_out} more sites (--limit 0 shows all)" if left_out > 0 else None
    if note and fmt != "human":  # the records stay records; the reader still learns it
        click.echo(f"stats: {left_out} more sites not listed (--limit 0 shows all)", err=True)
    print_records(_stats_rows(stats), fmt, lambda rows: _stats_lines(rows, note))


STATS_TITLES = {"site": "site", "language": "language", "category": "removal category",
                "templates": "templates learned per site"}  # fmt: skip


def _stats_rows(stats: ArchiveStats) -> Iterator[Row]:
    tables = {
        "totals": stats.totals.items(),
        "site": stats.by_site,
        "language": stats.by_language,
        "category": stats.by_category,
        "templates": stats.templates_by_site,
    }
    for section, pairs in tables.items():
        for name, count in pairs:
            yield {"section": section, "name": name, "count": count}


def _stats_lines(rows: Iterable[Row], site_note: str | None) -> Iterator[str]:
    """The totals on one line, then each section as a two-column table under its title."""
    tables: dict[str, list[Row]] = {}
    for row in rows:
        tables.setdefault(row["section"], []).append(row)
    yield " ".join(f"{row['name']}={row['count']}" for row in tables.get("totals", []))
    for section, title in STATS_TITLES.items():
        listed = tables.get(section, [])
        width = max((len(row["name"]) for row in listed), default=0)
        yield f"\n{title}:"
        yield from (f"  {row['name'].ljust(width)}  {row['count']:>8}" for row in listed)
        if section == "site" and site_note:
            yield f"  {site_note}"


COMMANDS: list[click.Command] = [
    ingest_command,
    search_command,
    reclean_command,
    stats_command,
]
