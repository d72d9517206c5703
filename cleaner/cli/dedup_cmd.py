"""Duplicate and template commands: `cleaner duplicates` (near-duplicate clusters, threshold,
index rebuild) and `cleaner templates` (lines learned as a site's boilerplate)."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
import sqlite_utils

from cleaner.archive import open_archive
from cleaner.cli.archive_cmd import DB_OPTION
from cleaner.dedup.clusters import Cluster, ClusterMember, clusters
from cleaner.dedup.index import configured, rebuild_index, store_threshold
from cleaner.dedup.minhash import DedupConfig
from cleaner.templates import learned_templates, site_label


@click.command("duplicates")
@DB_OPTION
@click.option("--site", default=None, help="Only clusters whose canonical article is of this host.")
@click.option(
    "--limit", "-n", default=0, type=click.IntRange(0), help="At most N clusters (0: all)."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per cluster.")
@click.option("--set-threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
              help="Store a new similarity threshold for later ingests.")  # fmt: skip
@click.option("--rebuild", is_flag=True,
              help="Re-fingerprint all articles; re-band the index for the threshold.")  # fmt: skip
def duplicates_command(
    db_path: str,
    site: str | None,
    limit: int,
    as_json: bool,
    set_threshold: float | None,
    rebuild: bool,
) -> None:
    """List near-duplicate clusters: each canonical (first-seen) article and its copies with
    their similarity. Exact duplicates are sightings of one article, not clusters."""
    with open_archive(db_path, create=False) as archive:
        if set_threshold is not None or rebuild:
            _maintain(archive.db, set_threshold, rebuild)
            return
        for number, cluster in enumerate(clusters(archive.db, site), 1):
            click.echo(
                json.dumps(asdict(cluster), ensure_ascii=False) if as_json else _show(cluster)
            )
            if number == limit:
                break


def _maintain(db: sqlite_utils.Database, threshold: float | None, rebuild: bool) -> None:
    if threshold is not None:
        with db.atomic():
            store_threshold(db, threshold)
        click.echo(f"near-duplicate threshold set to {threshold}")
    if rebuild:
        config = configured(db, None) if threshold is None else DedupConfig(threshold=threshold)
        indexed = rebuild_index(db, config)
        click.echo(f"index rebuilt: {indexed} articles indexed (threshold {config.threshold})")


def _member(member: ClusterMember) -> str:
    label = member.title or member.url or "(untitled)"
    return f"{member.article_id}  {member.site or '-'}  {label}"


def _show(cluster: Cluster) -> str:
    lines = [_member(cluster.canonical)]
    lines += [f"  {d.similarity or 0:.2f}  {_member(d)}" for d in cluster.duplicates]
    return "\n".join(lines)


@click.command("templates")
@DB_OPTION
@click.option("--site", default=None, help="Only this host ('' for text without URL).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per template line.")
def templates_command(db_path: str, site: str | None, as_json: bool) -> None:
    """List the lines learned as site templates, with the number of articles they were seen in."""
    with open_archive(db_path, create=False) as archive:
        for template in learned_templates(archive.db, site):
            if as_json:
                click.echo(json.dumps(asdict(template), ensure_ascii=False))
            else:
                where = site_label(template.site)
                click.echo(f"{where}  {template.articles:>6}  {template.line}")


COMMANDS: list[click.Command] = [duplicates_command, templates_command]
