"""The SQLite archive: `open_archive` (WAL + busy timeout) and `Archive`, one open database.

Writes go through `Archive.batch()` (one `BEGIN IMMEDIATE` transaction per batch of documents),
so a document is either fully stored — raw input, article, removals, sightings, FTS rows through
triggers — or absent. The schema itself is data in `cleaner.schema`. The package's modules:

- `records`: the typed records, content hashes, ids and raw-input compression (no database);
- `writes`: the document writes (`archive.writes`), the hot path of `cleaner ingest`;
- `runs`: ingest runs and their errors (`archive.runs`);
- `search`: ranked full-text search over the three indexes of `cleaner.fulltext`;
- `queries`: export, statistics and integrity checks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from cleaner.archive import queries
from cleaner.archive import search as ranked
from cleaner.archive.records import RawResolution, StoredInput, decompress
from cleaner.archive.runs import RunLog
from cleaner.archive.writes import ArchiveWrites
from cleaner.errors import CleanerError
from cleaner.schema import apply_schema

DEFAULT_BUSY_TIMEOUT_MS = 30_000
WAL_CHECKPOINT_PAGES = 8192  # 32 MB with 4 KB pages
STORED_INPUTS_PAGE = 500


class Archive:
    """One open archive database. Not thread-safe: one Archive per thread or process."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.conn: sqlite3.Connection = db.conn
        self.writes = ArchiveWrites(self.conn)
        self.runs = RunLog(self.conn)

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

    def stored_input_count(self, site: str | None = None, outdated: Versions | None = None) -> int:
        """How many inputs `stored_inputs(site, outdated)` yields."""
        where, params = _stored_filter(site, outdated)
        row = self.conn.execute(
            "SELECT COUNT(*) FROM articles a JOIN raw_inputs r ON r.hash = a.raw_hash "
            f"WHERE 1 {where}",
            params,
        ).fetchone()
        return int(row[0])

    def stored_inputs(
        self, site: str | None = None, outdated: Versions | None = None
    ) -> Iterator[StoredInput]:
        """Every article's raw input (of one site; only those cleaned by other versions than
        `outdated`), in archive order, a page at a time."""
        last = -1
        where, params = _stored_filter(site, outdated)
        while True:
            rows = self.conn.execute(
                "SELECT a.rowid, a.id, a.doc_key, a.source, r.url, r.kind, r.hints, r.content, "
                "r.hash FROM articles a JOIN raw_inputs r ON r.hash = a.raw_hash "
                f"WHERE a.rowid > ? {where} ORDER BY a.rowid LIMIT ?",
                [last, *params, STORED_INPUTS_PAGE],
            ).fetchall()  # keyset pagination on rowid: no read transaction held in between
            if not rows:
                return
            last = rows[-1][0]
            for _, art_id, key, source, url, kind, hints, content, digest in rows:
                known_kind = kind if kind in ("html", "text") else None
                yield StoredInput(
                    art_id, key, source, url, known_kind, hints, decompress(content), digest
                )

    # -- for people and tools (cleaner.archive.search, cleaner.archive.queries) -----------

    def search(self, query: ranked.SearchQuery) -> list[ranked.SearchHit]:
        return ranked.search(self.conn, query)

    def iter_export(self, wanted: queries.ExportFilter) -> Iterator[dict[str, Any]]:
        return queries.iter_export(self.conn, wanted)

    def stats(self, limit: int | None = 20) -> queries.ArchiveStats:
        return queries.stats(self.db, limit)

    def integrity_problems(self) -> list[str]:
        return queries.integrity_problems(self.conn)


@dataclass(frozen=True)
class Versions:
    """What cleans an article today: the cleaner's version and the line model's (None when
    cleaning without one)."""

    cleaner: str
    model: str | None


def _stored_filter(site: str | None, outdated: Versions | None) -> tuple[str, list[Any]]:
    """SQL conditions (after WHERE) and parameters selecting stored articles: of one site;
    cleaned by another cleaner version, or plain text whose lines another line model (or
    none) decided — the articles that the current versions may clean differently."""
    where, params = "", list[Any]()
    if site:
        where, params = "AND a.site = ?", [site]
    if outdated is not None:
        where += (
            " AND (a.cleaner_version IS NOT ? OR (r.kind = 'text' AND a.model_version IS NOT ?))"
        )
        params += [outdated.cleaner, outdated.model]
    return where, params


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
            _tune_for_writing(db)
            apply_schema(db, fts_tokenizer=fts_tokenizer)
        elif not db.table("articles").exists():
            raise CleanerError(f"{location} is not a cleaner archive (no articles table)")
    except sqlite3.DatabaseError as exc:
        raise CleanerError(f"cannot open archive {location}: {exc}") from exc
    return Archive(db, location)


def _tune_for_writing(db: sqlite_utils.Database) -> None:
    db.enable_wal()
    # With WAL, NORMAL syncs at checkpoints, not at every commit: the database stays
    # consistent through kill -9 and power loss; only the last commits may roll back
    # after a power loss, and the next run stores those inputs again (skip by hash).
    db.conn.execute("PRAGMA synchronous = NORMAL")
    # 64 MB page cache: index inserts (lsh_buckets, FTS) stay in memory as the archive grows
    db.conn.execute("PRAGMA cache_size = -65536")
    # Checkpoint every 32 MB of WAL, not 4 MB: a batch of random index inserts writes
    # several MB, and a page changed by many batches is copied back once per checkpoint.
    db.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
