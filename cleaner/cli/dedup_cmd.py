"""Duplicate and template commands: `cleaner duplicates` (near-duplicate clusters, threshold,
index rebuild) and `cleaner templates` (lines learned as a site's boilerplate). Both print
records through `cleaner.cli.output`: a human layout, or --json, --nl, --csv, --tsv."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import asdict

import click
import sqlite_utils

from cleaner.archive import open_archive
from cleaner.cli.archive_cmd import DB_OPTION
from cleaner.cli.output import Format, Row, output_options, print_records
from cleaner.dedup.clusters import Cluster, clusters
from cleaner.dedup.index import configured, rebuild_index, store_threshold
from cleaner.dedup.minhash import DedupConfig
from cleaner.templates import learned_templates, site_label


@click.command("duplicates")
@DB_OPTION
@click.option("--site", default=None, help="Only clusters whose canonical article is of this host.")
@click.option(
    "--limit", "-n", default=0, type=click.IntRange(0), help="At most N clusters (0: all)."
)
@click.option("--set-threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
              help="Store a new similarity threshold for later ingests.")  # fmt: skip
@click.option("--rebuild", is_flag=True,
              help="Re-fingerprint all articles; re-band the index for the threshold.")  # fmt: skip
@output_options
def duplicates_command(
    db_path: str,
    site: str | None,
    limit: int,
    set_threshold: float | None,
    rebuild: bool,
    fmt: Format,
) -> None:
    """List near-duplicate clusters: each canonical (first-seen) article and its copies with
    their similarity. Exact duplicates are sightings of one article, not clusters.

    Records: one per article: cluster (its canonical article's id), article_id, similarity
    (empty for the canonical article), site, title, url.
    """
    with open_archive(db_path, create=False) as archive:
        if set_threshold is not None or rebuild:
            _maintain(archive.db, set_threshold, rebuild)
            return
        found = itertools.islice(clusters(archive.db, site), limit or None)
        print_records(_member_rows(found), fmt, _cluster_lines)


def _maintain(db: sqlite_utils.Database, threshold: float | None, rebuild: bool) -> None:
    if threshold is not None:
        with db.atomic():
            store_threshold(db, threshold)
        click.echo(f"near-duplicate threshold set to {threshold}")
    if rebuild:
        config = configured(db, None) if threshold is None else DedupConfig(threshold=threshold)
        indexed = rebuild_index(db, config)
        click.echo(f"index rebuilt: {indexed} articles indexed (threshold {config.threshold})")


def _member_rows(found: Iterable[Cluster]) -> Iterator[Row]:
    for cluster in found:
        for member in (cluster.canonical, *cluster.duplicates):
            yield {"cluster": cluster.canonical.article_id, **asdict(member)}


def _cluster_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The canonical article, then each copy indented with its similarity."""
    for row in rows:
        title = row["title"] or row["url"] or "(untitled)"
        label = f"{row['article_id']}  {row['site'] or '-'}  {title}"
        canonical = row["article_id"] == row["cluster"]
        yield label if canonical else f"  {row['similarity'] or 0:.2f}  {label}"


@click.command("templates")
@DB_OPTION
@click.option("--site", default=None, help="Only this host ('' for text without URL).")
@output_options
def templates_command(db_path: str, site: str | None, fmt: Format) -> None:
    """List the lines learned as site templates, with the number of articles they were seen in.

    Records: site, line, articles, learned_at.
    """
    with open_archive(db_path, create=False) as archive:
        learned = learned_templates(archive.db, site)
    if not learned and fmt == "human":
        where = "" if site is None else f" for {site_label(site)}"
        click.echo(f"no site templates learned{where} yet", err=True)
    print_records((asdict(template) for template in learned), fmt, _template_lines)


def _template_lines(rows: Iterable[Row]) -> Iterator[str]:
    for row in rows:
        yield f"{site_label(row['site'])}  {row['articles']:>6}  {row['line']}"


COMMANDS: list[click.Command] = [duplicates_command, templates_command]
