"""Every write of an ingested or re-cleaned document: raw inputs, articles with their removals
(FTS rows follow by trigger), sightings of exact duplicates. The hot path of `cleaner ingest`:
plain SQL on the connection, inside the caller's `Archive.batch()`, never committing itself.
An article's bigram forms (the CJK index's, `cleaner.fulltext.bigrams`) are computed here, so
every writer stores them and the triggers need no SQL function."""

from __future__ import annotations

import sqlite3

from cleaner.archive.records import ArticleRecord, RawRecord, Sighting
from cleaner.fulltext.bigrams import search_forms
from cleaner.model import Article, Removal


class ArchiveWrites:
    """The document writes of one archive connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def store_raw(self, raw: RawRecord, seen_at: str) -> bool:
        """False when these bytes were stored already (the row is left as it was)."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO raw_inputs "
            "(hash, content, size, kind, source, url, hints, first_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [raw.hash, raw.content, raw.size, raw.kind, raw.source, raw.url, raw.hints, seen_at],
        )
        return cursor.rowcount == 1

    def store_article(self, record: ArticleRecord) -> None:
        """Insert the article (FTS through triggers) and its removals; older versions of the
        same document stop being `latest`."""
        a = record.article
        if record.version > 1:  # version 1 has no older versions to demote
            self.conn.execute("UPDATE articles SET latest = 0 WHERE doc_key = ?", [record.doc_key])
        self.conn.execute(
            "INSERT INTO articles (id, doc_key, version, latest, url, canonical_url, site, title, "
            "author, published, modified, language, description, text, word_count, source, "
            "raw_hash, text_hash, first_seen, last_seen, cleaner_version, model_version, "
            "duplicate_of, similarity, bigram_title, bigram_text) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.id, record.doc_key, record.version, a.url, a.canonical_url, a.site,
                a.title, a.author, a.published, a.modified, a.language, a.description, a.text,
                a.word_count, record.source, record.raw_hash, record.text_hash,
                record.seen_at, record.seen_at, record.cleaner_version, a.model_version,
                record.duplicate_of, record.similarity, *search_forms(a.title, a.text),
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
            "UPDATE articles SET title = ?, author = ?, published = ?, modified = ?, "
            "language = ?, description = ?, canonical_url = ?, site = COALESCE(?, site), "
            "text = ?, word_count = ?, text_hash = ?, cleaner_version = ?, model_version = ?, "
            "bigram_title = ?, bigram_text = ? WHERE id = ?",
            [
                cleaned.title, cleaned.author, cleaned.published, cleaned.modified,
                cleaned.language, cleaned.description, cleaned.canonical_url, cleaned.site,
                cleaned.text, cleaned.word_count, digest, version, cleaned.model_version,
                *search_forms(cleaned.title, cleaned.text), article,
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
