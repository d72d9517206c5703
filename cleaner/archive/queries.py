"""Reading the archive for people and tools: streaming export, statistics and the integrity
check (ranked search is `cleaner.archive.search`). Each function takes an open connection;
`Archive` offers them as methods."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cleaner.fulltext.layout import INDEXES, fts_command
from cleaner.templates import templates_per_site


@dataclass(frozen=True)
class ExportFilter:
    since: str | None = None  # YYYY-MM-DD: published date, else first-seen date
    site: str | None = None
    include_all: bool = False


@dataclass
class ArchiveStats:
    totals: dict[str, int] = field(default_factory=dict)
    by_site: list[tuple[str, int]] = field(default_factory=list)
    by_language: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    templates_by_site: list[tuple[str, int]] = field(default_factory=list)


EXPORT_COLUMNS = (
    "id", "url", "canonical_url", "site", "title", "author", "published", "language",
    "description", "word_count", "text", "source", "doc_key", "version", "first_seen",
    "last_seen", "duplicate_of", "similarity", "cleaner_version", "model_version",
)  # fmt: skip

STATS_TOTALS = {
    "articles": "SELECT COUNT(*) FROM articles WHERE latest = 1 AND duplicate_of IS NULL",
    "sites": "SELECT COUNT(DISTINCT COALESCE(site, '')) FROM articles WHERE latest = 1 "
    "AND duplicate_of IS NULL",
    "versions": "SELECT COUNT(*) FROM articles",
    "near_duplicates": "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL",
    "raw_inputs": "SELECT COUNT(*) FROM raw_inputs",
    "raw_bytes": "SELECT SUM(size) FROM raw_inputs",
    "sightings": "SELECT COUNT(*) FROM sightings",
    "removals": "SELECT COUNT(*) FROM removals",
    "ingest_runs": "SELECT COUNT(*) FROM ingest_runs",
    "errors": "SELECT COUNT(*) FROM errors",
}


def iter_export(conn: sqlite3.Connection, wanted: ExportFilter) -> Iterator[dict[str, Any]]:
    """Stream matching articles oldest first, one row at a time."""
    clauses, params = [], []
    if not wanted.include_all:
        clauses.append("latest = 1 AND duplicate_of IS NULL")
    if wanted.since:
        clauses.append("COALESCE(published, substr(first_seen, 1, 10)) >= ?")
        params.append(wanted.since)
    if wanted.site:
        clauses.append("site = ?")
        params.append(wanted.site.lower().removeprefix("www."))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    cursor = conn.execute(
        f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles {where} ORDER BY rowid", params
    )
    for row in cursor:
        yield dict(zip(EXPORT_COLUMNS, row, strict=True))


def stats(db: sqlite_utils.Database, limit: int | None = 20) -> ArchiveStats:
    """Totals, then the largest groups by site, language, removal category and templates."""
    conn = db.conn
    result = ArchiveStats()
    for name, sql in STATS_TOTALS.items():
        result.totals[name] = int(conn.execute(sql).fetchone()[0] or 0)
    result.by_site = _grouped(conn, "SELECT COALESCE(site, '(none)'), COUNT(*)", limit)
    result.by_language = _grouped(conn, "SELECT COALESCE(language, '(unknown)'), COUNT(*)", limit)
    result.by_category = [
        (str(name), int(count))
        for name, count in conn.execute(
            "SELECT category, COUNT(*) AS n FROM removals GROUP BY category "
            "ORDER BY n DESC, category" + _limit_sql(limit)
        )
    ]
    result.templates_by_site = templates_per_site(db)[:limit]
    return result


def _grouped(conn: sqlite3.Connection, select: str, limit: int | None) -> list[tuple[str, int]]:
    sql = (
        f"{select} AS n FROM articles WHERE latest = 1 AND duplicate_of IS NULL "
        f"GROUP BY 1 ORDER BY n DESC, 1{_limit_sql(limit)}"
    )
    return [(str(key), int(count)) for key, count in conn.execute(sql)]


def _limit_sql(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Empty when SQLite's integrity check and FTS5's, of every full-text index, pass."""
    problems = [
        str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"
    ]
    for index in INDEXES:
        try:
            fts_command(conn, index, "integrity-check")
        except sqlite3.DatabaseError as exc:
            problems.append(f"{index.name}: {exc}")
    return problems
