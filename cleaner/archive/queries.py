"""Reading the archive for people and tools: ranked full-text search, streaming export,
statistics and the integrity check. Each function takes an open connection; `Archive` offers
them as methods."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cleaner.errors import CleanerError
from cleaner.templates import templates_per_site

TITLE_WEIGHT = 5.0  # bm25 weight of a title match relative to a body match
SNIPPET_TOKENS = 16
MAX_QUERY_TERMS = 64
FTS_SYNTAX_HINT = "see https://www.sqlite.org/fts5.html#full_text_query_syntax, or drop --raw"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    raw: bool = False
    limit: int = 20
    include_all: bool = False  # also older versions and near duplicates
    highlight: tuple[str, str] = ("**", "**")


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    site: str | None
    url: str | None
    date: str | None
    snippet: str
    score: float


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

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+\*?")


def search(conn: sqlite3.Connection, query: SearchQuery) -> list[SearchHit]:
    """Full-text matches, best (bm25) first, each with a snippet of its body (matches
    highlighted; the body's start when only the title matched)."""
    match = query.text if query.raw else build_fts_query(query.text)
    where = "" if query.include_all else "AND a.latest = 1 AND a.duplicate_of IS NULL"
    sql = (
        "SELECT a.id, a.title, a.site, a.url, "
        "COALESCE(a.published, substr(a.first_seen, 1, 10)) AS date, "
        f"snippet(articles_fts, 1, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet, "  # body, not title
        f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0) AS score "
        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        f"WHERE articles_fts MATCH ? {where} ORDER BY score LIMIT ?"
    )
    start, end = query.highlight
    try:
        rows = conn.execute(sql, [start, end, match, max(query.limit, 0)]).fetchall()
    except sqlite3.OperationalError as exc:
        raise CleanerError(f"malformed search query ({exc}); {FTS_SYNTAX_HINT}") from exc
    return [SearchHit(*row) for row in rows]


def build_fts_query(user_text: str) -> str:
    """Turn anything a user types into a safe FTS5 query: every word (or "quoted phrase") is
    a quoted FTS5 string, so operators, column filters and stray quotes are just words.
    A trailing `*` on a word keeps its prefix-search meaning."""
    terms: list[str] = []
    for phrase in _PHRASE.findall(user_text):
        words = re.findall(r"\w+", phrase)
        if words:
            terms.append('"' + " ".join(words) + '"')
    for word in _WORD.findall(_PHRASE.sub(" ", user_text)):
        terms.append(f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"')
    if not terms:
        raise CleanerError("the search query has no words to look for")
    return " ".join(terms[:MAX_QUERY_TERMS])


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
    """Empty when both SQLite's and FTS5's integrity checks pass."""
    problems = [
        str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"
    ]
    try:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"articles_fts: {exc}")
    return problems
