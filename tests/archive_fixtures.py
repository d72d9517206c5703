"""Builds small archives through the Archive API (no cleaning involved), for archive,
search and export tests; and an archive of the full-text layout before migration 0004."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from cleaner.archive import Archive, open_archive
from cleaner.archive.records import (
    ArticleRecord,
    RawRecord,
    article_id,
    compress,
    raw_hash,
    text_hash,
)
from cleaner.fulltext import layout
from cleaner.model import Article, Removal
from cleaner.schema import DEFAULT_FTS_TOKENIZER, apply_schema

# The FTS setup of archives made before migration 0004, as sqlite-utils and cleaner made it.
SINGLE_INDEX_TRIGGERS = """
CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN
  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
END;
CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text")
    VALUES ('delete', old.rowid, old."title", old."text");
END;
CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "text" ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text")
    VALUES ('delete', old.rowid, old."title", old."text");
  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
END;
"""


def add_article(archive: Archive, key: str, text: str, seen_at: str = "2026-01-02T03:04:05Z",
                **fields: object) -> str:  # fmt: skip
    """Store one article (and its raw input) in its own batch; returns the article id."""
    data = text.encode()
    digest = raw_hash(data)
    duplicate_of = fields.pop("duplicate_of", None)
    article = Article(text=text, **fields)  # type: ignore[arg-type]
    record = ArticleRecord(
        id=article_id(key, digest),
        doc_key=key,
        version=archive.latest_version(key) + 1,
        article=article,
        source=f"{key}.txt",
        raw_hash=digest,
        text_hash=text_hash(text),
        seen_at=seen_at,
        cleaner_version="test",
        duplicate_of=duplicate_of,  # type: ignore[arg-type]
    )
    with archive.batch():
        archive.writes.store_raw(
            RawRecord(digest, compress(data), len(data), "text", f"{key}.txt", None, "{}"), seen_at
        )
        archive.writes.store_article(record)
    return record.id


def sample_archive(path: Path) -> Archive:
    archive = open_archive(path)
    add_article(
        archive, "https://news.example/harbour", "The harbour ferry was late again on Monday.",
        title="Ferry delays at the harbour", site="news.example", published="2026-03-01",
        language="en",
        removed=(Removal(1, "Skip to main content", "accessibility", "a11y.skip"),),
    )  # fmt: skip
    add_article(
        archive, "https://other.example/ferry", "Council members discussed the budget; "
        "a ferry was mentioned once.", title="Budget talks", site="other.example",
        published="2026-04-10", language="en",
    )  # fmt: skip
    add_article(
        archive, "https://news.example/zug", "Der Zug nach München fährt später ab.",
        title="Bahn", site="news.example", published="2025-12-24", language="de",
    )  # fmt: skip
    return archive


def single_index_archive(path: Path) -> sqlite_utils.Database:
    """An archive as cleaner made it before migration 0004: one Porter index over every
    article, no bigram columns."""
    db = sqlite_utils.Database(path)
    apply_schema(db)
    layout.drop(db.conn)
    db.execute("ALTER TABLE articles DROP COLUMN bigram_title")
    db.execute("ALTER TABLE articles DROP COLUMN bigram_text")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_fts_by_language'")
    db["articles"].enable_fts(["title", "text"], tokenize=DEFAULT_FTS_TOKENIZER)
    db.executescript(SINGLE_INDEX_TRIGGERS)
    db.execute("INSERT INTO raw_inputs (hash) VALUES ('h')")
    return db
