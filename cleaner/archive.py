"""The SQLite archive: open (WAL + busy timeout), store and look up, search, export, stats.

Writes go through `Archive.batch()` (one `BEGIN IMMEDIATE` transaction per batch of documents),
so a document is either fully stored — raw input, article, removals, sightings, FTS rows through
triggers — or absent. The hot write path uses plain SQL on the sqlite-utils connection; the
schema itself is data in `cleaner.schema`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from cleaner.clock import utc_now
from cleaner.errors import CleanerError
from cleaner.model import Article, Removal
from cleaner.schema import apply_schema

DEFAULT_BUSY_TIMEOUT_MS = 30_000
WAL_CHECKPOINT_PAGES = 8192  # 32 MB with 4 KB pages
TITLE_WEIGHT = 5.0  # bm25 weight of a title match relative to a body match
SNIPPET_TOKENS = 16
MAX_QUERY_TERMS = 64


def raw_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """Exact-duplicate key: sha256 of the text with whitespace collapsed and case folded."""
    normalised = " ".join(text.casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_id(doc_key: str, raw_digest: str) -> str:
    """Stable id: the same input bytes under the same key always get the same id."""
    return hashlib.sha256(f"{doc_key}\n{raw_digest}".encode()).hexdigest()[:20]


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def decompress(content: bytes) -> bytes:
    return zlib.decompress(content)


@dataclass(frozen=True)
class RawRecord:
    """A raw input as stored: `content` is already zlib-compressed."""

    hash: str
    content: bytes
    size: int
    kind: str
    source: str
    url: str | None
    hints: str  # JSON object


@dataclass(frozen=True)
class ArticleRecord:
    """Everything `store_article` writes for one cleaned document."""

    id: str
    doc_key: str
    version: int
    article: Article
    source: str
    raw_hash: str
    text_hash: str
    seen_at: str
    cleaner_version: str
    duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class Sighting:
    article_id: str
    url: str | None
    source: str
    seen_at: str
    run_id: int
    doc_key: str
    raw_hash: str


@dataclass(frozen=True)
class RawResolution:
    """What a known raw hash leads to: `same_document` when this key already stored it."""

    article_id: str | None
    same_document: bool


@dataclass
class RunCounters:
    files_seen: int = 0
    new: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    empty: int = 0
    errors: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


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


class Archive:
    """One open archive database. Not thread-safe: one Archive per thread or process."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.conn: sqlite3.Connection = db.conn

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction; taken IMMEDIATE so a concurrent writer waits, never deadlocks."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- lookups ---------------------------------------------------------------------------

    def has_raw(self, digest: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM raw_inputs WHERE hash = ?", [digest]).fetchone()
        return row is not None

    def resolve_raw(self, digest: str, doc_key: str) -> RawResolution | None:
        """None when the raw bytes are new; else the article they already led to."""
        if not self.has_raw(digest):
            return None
        rows = self.conn.execute(
            "SELECT id, doc_key FROM articles WHERE raw_hash = ? "
            "UNION ALL SELECT article_id, doc_key FROM sightings WHERE raw_hash = ?",
            [digest, digest],
        ).fetchall()
        for found_id, found_key in rows:
            if found_key == doc_key:
                return RawResolution(found_id, same_document=True)
        return RawResolution(rows[0][0] if rows else None, same_document=not rows)

    def article_by_text_hash(self, digest: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM articles WHERE text_hash = ? ORDER BY first_seen, id LIMIT 1", [digest]
        ).fetchone()
        return None if row is None else str(row[0])

    def latest_version(self, doc_key: str) -> int:
        row = self.conn.execute(
            "SELECT MAX(version) FROM articles WHERE doc_key = ?", [doc_key]
        ).fetchone()
        return int(row[0] or 0)

    def doc_key_of(self, article: str) -> str | None:
        row = self.conn.execute("SELECT doc_key FROM articles WHERE id = ?", [article]).fetchone()
        return None if row is None else str(row[0])

    def versions(self, doc_key: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT id, version, latest, first_seen, last_seen, word_count FROM articles "
                "WHERE doc_key = ? ORDER BY version",
                [doc_key],
            )
        )

    def sightings(self, article: str) -> list[dict[str, Any]]:
        return list(
            self.db.query("SELECT * FROM sightings WHERE article_id = ? ORDER BY id", [article])
        )

    def get_article(self, article: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article]))
        return rows[0] if rows else None

    def raw_content(self, digest: str) -> bytes:
        row = self.conn.execute(
            "SELECT content FROM raw_inputs WHERE hash = ?", [digest]
        ).fetchone()
        if row is None:
            raise CleanerError(f"raw input {digest} is not in the archive")
        return decompress(row[0])

    # -- writes (call inside batch()) ------------------------------------------------------

    def store_raw(self, raw: RawRecord, seen_at: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO raw_inputs "
            "(hash, content, size, kind, source, url, hints, first_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [raw.hash, raw.content, raw.size, raw.kind, raw.source, raw.url, raw.hints, seen_at],
        )

    def store_article(self, record: ArticleRecord) -> None:
        """Insert the article (FTS through triggers) and its removals; older versions of the
        same document stop being `latest`."""
        a = record.article
        self.conn.execute("UPDATE articles SET latest = 0 WHERE doc_key = ?", [record.doc_key])
        self.conn.execute(
            "INSERT INTO articles (id, doc_key, version, latest, url, canonical_url, site, title, "
            "author, published, language, description, text, word_count, source, raw_hash, "
            "text_hash, first_seen, last_seen, cleaner_version, duplicate_of, similarity) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.id, record.doc_key, record.version, a.url, a.canonical_url, a.site,
                a.title, a.author, a.published, a.language, a.description, a.text,
                a.word_count, record.source, record.raw_hash, record.text_hash,
                record.seen_at, record.seen_at, record.cleaner_version, record.duplicate_of,
                record.similarity,
            ],
        )  # fmt: skip
        self.store_removals(record.id, a.removed)

    def store_removals(self, article: str, removed: tuple[Removal, ...]) -> None:
        self.conn.executemany(
            "INSERT INTO removals (article_id, line, text, category, rule_id, reason) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(article, r.line, r.text, r.category, r.rule_id, r.reason) for r in removed],
        )

    def update_cleaned(self, article: str, cleaned: Article, digest: str, version: str) -> None:
        """Replace an article's cleaned fields and removals (reclean); FTS follows by trigger."""
        self.conn.execute(
            "UPDATE articles SET title = ?, author = ?, published = ?, language = ?, "
            "description = ?, canonical_url = ?, site = COALESCE(?, site), text = ?, "
            "word_count = ?, text_hash = ?, cleaner_version = ? WHERE id = ?",
            [
                cleaned.title, cleaned.author, cleaned.published, cleaned.language,
                cleaned.description, cleaned.canonical_url, cleaned.site, cleaned.text,
                cleaned.word_count, digest, version, article,
            ],
        )  # fmt: skip
        self.conn.execute("DELETE FROM removals WHERE article_id = ?", [article])
        self.store_removals(article, cleaned.removed)

    def touch_article(self, article: str, seen_at: str) -> None:
        self.conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", [seen_at, article])

    def add_sighting(self, sighting: Sighting) -> None:
        """Record where a duplicate was seen; seeing the same input again only bumps seen_at."""
        updated = self.conn.execute(
            "UPDATE sightings SET seen_at = ?, run_id = ? "
            "WHERE raw_hash = ? AND doc_key = ? AND article_id = ?",
            [
                sighting.seen_at, sighting.run_id, sighting.raw_hash, sighting.doc_key,
                sighting.article_id,
            ],
        )  # fmt: skip
        if updated.rowcount:
            return
        self.conn.execute(
            "INSERT INTO sightings (article_id, url, source, seen_at, run_id, doc_key, raw_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                sighting.article_id, sighting.url, sighting.source, sighting.seen_at,
                sighting.run_id, sighting.doc_key, sighting.raw_hash,
            ],
        )  # fmt: skip

    # -- runs and errors -------------------------------------------------------------------

    def start_run(self, argv: str, version: str) -> int:
        """A 'running' row, committed at once; runs left 'running' by a dead process → failed."""
        with self.batch():
            self._fail_orphaned_runs()
            cursor = self.conn.execute(
                "INSERT INTO ingest_runs (started, files_seen, new, unchanged, duplicates, "
                "near_duplicates, empty, errors, cleaner_version, status, argv, pid) "
                "VALUES (?, 0, 0, 0, 0, 0, 0, 0, ?, 'running', ?, ?)",
                [utc_now(), version, argv, os.getpid()],
            )
        return int(cursor.lastrowid or 0)

    def _fail_orphaned_runs(self) -> None:
        running = self.conn.execute(
            "SELECT id, pid FROM ingest_runs WHERE status = 'running'"
        ).fetchall()
        for run, pid in running:
            if not _process_alive(pid):
                self.conn.execute("UPDATE ingest_runs SET status = 'failed' WHERE id = ?", [run])

    def update_run(self, run: int, counters: RunCounters, status: str = "running") -> None:
        ended = None if status == "running" else utc_now()
        self.conn.execute(
            "UPDATE ingest_runs SET files_seen = ?, new = ?, unchanged = ?, duplicates = ?, "
            "near_duplicates = ?, empty = ?, errors = ?, status = ?, ended = ? WHERE id = ?",
            [
                counters.files_seen, counters.new, counters.unchanged, counters.duplicates,
                counters.near_duplicates, counters.empty, counters.errors, status, ended, run,
            ],
        )  # fmt: skip

    def record_error(self, run: int, file: str, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO errors (run_id, file, reason, at) VALUES (?, ?, ?, ?)",
            [run, file, reason, utc_now()],
        )

    # -- reading ---------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> list[SearchHit]:
        match = query.text if query.raw else build_fts_query(query.text)
        where = "" if query.include_all else "AND a.latest = 1 AND a.duplicate_of IS NULL"
        sql = (
            "SELECT a.id, a.title, a.site, a.url, "
            "COALESCE(a.published, substr(a.first_seen, 1, 10)) AS date, "
            f"snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet, "
            f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? {where} ORDER BY score LIMIT ?"
        )
        start, end = query.highlight
        try:
            rows = self.conn.execute(sql, [start, end, match, max(query.limit, 0)]).fetchall()
        except sqlite3.OperationalError as exc:
            raise CleanerError(f"malformed search query ({exc}); {FTS_SYNTAX_HINT}") from exc
        return [SearchHit(*row) for row in rows]

    def iter_export(self, wanted: ExportFilter) -> Iterator[dict[str, Any]]:
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
        cursor = self.conn.execute(
            f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles {where} ORDER BY rowid", params
        )
        for row in cursor:
            yield dict(zip(EXPORT_COLUMNS, row, strict=True))

    def stats(self, limit: int | None = 20) -> ArchiveStats:
        result = ArchiveStats()
        for name, sql in STATS_TOTALS.items():
            result.totals[name] = int(self.conn.execute(sql).fetchone()[0] or 0)
        result.by_site = self._grouped("SELECT COALESCE(site, '(none)'), COUNT(*)", limit)
        result.by_language = self._grouped(
            "SELECT COALESCE(language, '(unknown)'), COUNT(*)", limit
        )
        result.by_category = [
            (str(name), int(count))
            for name, count in self.conn.execute(
                "SELECT category, COUNT(*) AS n FROM removals GROUP BY category "
                "ORDER BY n DESC, category" + _limit_sql(limit)
            )
        ]
        from cleaner.templates import templates_per_site  # classifier imports: only here

        result.templates_by_site = templates_per_site(self.db)[:limit]
        return result

    def _grouped(self, select: str, limit: int | None) -> list[tuple[str, int]]:
        sql = (
            f"{select} AS n FROM articles WHERE latest = 1 AND duplicate_of IS NULL "
            f"GROUP BY 1 ORDER BY n DESC, 1{_limit_sql(limit)}"
        )
        return [(str(key), int(count)) for key, count in self.conn.execute(sql)]

    def integrity_problems(self) -> list[str]:
        """Empty when both SQLite's and FTS5's integrity checks pass."""
        problems = [
            str(row[0])
            for row in self.conn.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        try:
            self.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"articles_fts: {exc}")
        return problems


EXPORT_COLUMNS = (
    "id", "url", "canonical_url", "site", "title", "author", "published", "language",
    "description", "word_count", "text", "source", "doc_key", "version", "first_seen",
    "last_seen", "duplicate_of", "similarity", "cleaner_version",
)  # fmt: skip

STATS_TOTALS = {
    "articles": "SELECT COUNT(*) FROM articles WHERE latest = 1 AND duplicate_of IS NULL",
    "versions": "SELECT COUNT(*) FROM articles",
    "near_duplicates": "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL",
    "raw_inputs": "SELECT COUNT(*) FROM raw_inputs",
    "raw_bytes": "SELECT SUM(size) FROM raw_inputs",
    "sightings": "SELECT COUNT(*) FROM sightings",
    "removals": "SELECT COUNT(*) FROM removals",
    "ingest_runs": "SELECT COUNT(*) FROM ingest_runs",
    "errors": "SELECT COUNT(*) FROM errors",
}

FTS_SYNTAX_HINT = "see https://www.sqlite.org/fts5.html#full_text_query_syntax, or drop --raw"

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+\*?")


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


def open_archive(
    path: str | Path,
    *,
    create: bool = True,
    fts_tokenizer: str | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    any_thread: bool = False,
) -> Archive:
    """Open (and with `create`, create or upgrade) an archive in WAL mode with a busy timeout,
    so Datasette and searches can read while an ingest writes. `any_thread`: the connection
    may be used from a thread other than the one opening it (one thread at a time)."""
    location = Path(path)
    if not create and not location.exists():
        raise CleanerError(f"no archive at {location} (create one with `cleaner ingest`)")
    try:
        conn = sqlite3.connect(str(location), check_same_thread=not any_thread)
        db = sqlite_utils.Database(conn)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if create:
            db.enable_wal()
            # With WAL, NORMAL syncs at checkpoints, not at every commit: the database stays
            # consistent through kill -9 and power loss; only the last commits may roll back
            # after a power loss, and the next run stores those inputs again (skip by hash).
            conn.execute("PRAGMA synchronous = NORMAL")
            # 64 MB page cache: index inserts (lsh_buckets, FTS) stay in memory as the archive grows
            conn.execute("PRAGMA cache_size = -65536")
            # Checkpoint every 32 MB of WAL, not 4 MB: a batch of random index inserts writes
            # several MB, and a page changed by many batches is copied back once per checkpoint.
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            apply_schema(db, fts_tokenizer=fts_tokenizer)
        elif not db.table("articles").exists():
            raise CleanerError(f"{location} is not a cleaner archive (no articles table)")
    except sqlite3.DatabaseError as exc:
        raise CleanerError(f"cannot open archive {location}: {exc}") from exc
    return Archive(db, location)


def _limit_sql(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
