"""What the article page shows, read from the archive with plain SQL on one read connection:
the article, its text with the removed lines in place, its other versions, its duplicate
cluster, and its raw input decoded as the cleaner decoded it.

Synchronous on a `sqlite3.Connection`: Datasette runs these in its SQL thread
(`Database.execute_fn`), so decompressing and decoding a large raw input never blocks the
server's event loop.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from cleaner.archive.records import decompress
from cleaner.datasette_plugin.article_text import AnnotatedText, annotate
from cleaner.decode import decode_bytes
from cleaner.errors import CleanerError
from cleaner.model import Removal

# Metadata shown in the page's table, in this order (README "Schema" names).
SHOWN_FIELDS = (
    "site",
    "url",
    "canonical_url",
    "author",
    "published",
    "language",
    "word_count",
    "version",
    "first_seen",
    "last_seen",
    "source",
    "cleaner_version",
)


@dataclass(frozen=True)
class Version:
    id: str
    version: int
    first_seen: str | None
    latest: bool


@dataclass(frozen=True)
class ClusterMember:
    id: str
    title: str | None
    site: str | None
    similarity: float | None  # estimated Jaccard similarity to the canonical article


@dataclass(frozen=True)
class ArticlePage:
    id: str
    title: str | None
    fields: tuple[tuple[str, Any], ...]  # (column, value) of SHOWN_FIELDS that have a value
    doc_key: str
    raw_hash: str
    canonical_id: str  # the cluster's canonical article: duplicate_of, else this one
    text: AnnotatedText
    versions: tuple[Version, ...]
    cluster: tuple[ClusterMember, ...]  # canonical first; empty when no near duplicates
    exact_copies: tuple[str, ...]  # other URLs or files the same clean text was read from

    @property
    def byline(self) -> list[str]:
        """Site, date, author and size, for the line under the title."""
        shown = dict(self.fields)
        parts = [str(shown[name]) for name in ("site", "published", "author") if name in shown]
        return [*parts, f"{shown.get('word_count', 0)} words", f"version {shown['version']}"]

    @property
    def in_cluster(self) -> bool:
        return bool(self.cluster or self.exact_copies)


def load_article_page(conn: sqlite3.Connection, article_id: str) -> ArticlePage | None:
    """The page of one article, None when the archive has no such article."""
    article = _one(conn, "select * from articles where id = ?", article_id)
    if article is None:
        return None
    canonical = article["duplicate_of"] or article["id"]
    source = raw_text(conn, article["raw_hash"])
    return ArticlePage(
        id=article["id"],
        title=article["title"],
        fields=tuple((name, article[name]) for name in SHOWN_FIELDS if article[name] is not None),
        doc_key=article["doc_key"],
        raw_hash=article["raw_hash"],
        canonical_id=canonical,
        text=annotate(
            article["text"],
            _removals(conn, article_id),
            None if source is None else source.splitlines(),
        ),
        versions=_versions(conn, article["doc_key"]),
        cluster=_cluster(conn, canonical),
        exact_copies=_exact_copies(conn, article),
    )


def raw_text(conn: sqlite3.Connection, raw_hash: str) -> str | None:
    """The raw input decoded as the cleaner decodes it; None when missing or undecodable."""
    data = raw_bytes(conn, raw_hash)
    if data is None:
        return None
    try:
        return decode_bytes(data)
    except CleanerError:
        return None


def raw_bytes(conn: sqlite3.Connection, raw_hash: str) -> bytes | None:
    row = _one(conn, "select content from raw_inputs where hash = ?", raw_hash)
    return None if row is None or row["content"] is None else decompress(row["content"])


def _removals(conn: sqlite3.Connection, article_id: str) -> list[Removal]:
    rows = _all(
        conn,
        "select line, text, category, rule_id, reason from removals "
        "where article_id = ? order by line, id",
        article_id,
    )
    return [
        Removal(
            line=row["line"] or 0,
            text=row["text"] or "",
            category=row["category"] or "",
            rule_id=row["rule_id"] or "",
            reason=row["reason"] or "",
        )
        for row in rows
    ]


def _versions(conn: sqlite3.Connection, doc_key: str) -> tuple[Version, ...]:
    rows = _all(
        conn,
        "select id, version, first_seen, latest from articles where doc_key = ? order by version",
        doc_key,
    )
    return tuple(
        Version(row["id"], row["version"], row["first_seen"], bool(row["latest"])) for row in rows
    )


def _cluster(conn: sqlite3.Connection, canonical: str) -> tuple[ClusterMember, ...]:
    rows = _all(
        conn,
        "select id, title, site, similarity from articles where id = ?1 or duplicate_of = ?1 "
        "order by id != ?1, similarity desc, id",
        canonical,
    )
    members = tuple(
        ClusterMember(row["id"], row["title"], row["site"], row["similarity"]) for row in rows
    )
    return members if len(members) > 1 else ()


def _exact_copies(conn: sqlite3.Connection, article: sqlite3.Row) -> tuple[str, ...]:
    """Where else the same clean text was read from (as the duplicate_clusters query counts)."""
    rows = _all(
        conn,
        "select distinct coalesce(url, source) as place from sightings "
        "where article_id = ? and coalesce(url, source) is not ? order by place",
        article["id"],
        article["url"] or article["source"],
    )
    return tuple(row["place"] for row in rows)


def _all(conn: sqlite3.Connection, sql: str, *params: Any) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row  # this cursor only: the connection is Datasette's
    return cursor.execute(sql, params).fetchall()


def _one(conn: sqlite3.Connection, sql: str, *params: Any) -> sqlite3.Row | None:
    rows = _all(conn, sql, *params)
    return rows[0] if rows else None
