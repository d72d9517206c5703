"""Builds small archives through the Archive API (no cleaning involved), for archive,
search and export tests."""

from __future__ import annotations

from pathlib import Path

from cleaner.archive import Archive, open_archive
from cleaner.archive.records import (
    ArticleRecord,
    RawRecord,
    article_id,
    compress,
    raw_hash,
    text_hash,
)
from cleaner.model import Article, Removal


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
