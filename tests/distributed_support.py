"""Shared by the cleaner.distributed tests: a generated WARC corpus that exercises every path
of the writer, an in-process job (no cluster) and a comparable snapshot of an archive."""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from hostile_corpus import WarcRecord, article_html, article_paragraphs, article_text, write_warc

from cleaner.distributed.inputs import plan_shards
from cleaner.distributed.manifest import (
    JobManifest,
    JobRef,
    archive_settings,
    copy_rules,
    write_manifest,
)
from cleaner.distributed.worker import clean_shard
from cleaner.readers import ReaderOptions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SITE_FOOTER = "Listen to the Harbour Gazette podcast"  # becomes a learned template of its site

# Every column a plain ingest and a merge must agree on (times and run ids left out).
_SNAPSHOT_QUERIES = {
    "articles": "SELECT id, doc_key, version, latest, url, canonical_url, site, title, author, "
    "published, language, description, text, word_count, source, raw_hash, text_hash, "
    "cleaner_version, duplicate_of, similarity FROM articles ORDER BY id",
    "removals": "SELECT article_id, line, text, category, rule_id, reason FROM removals "
    "ORDER BY article_id, line, rule_id, text",
    "sightings": "SELECT article_id, url, source, doc_key, raw_hash FROM sightings ORDER BY 1, 3",
    "raw_inputs": "SELECT hash, content, size, kind, source, url, hints FROM raw_inputs ORDER BY 1",
    "errors": "SELECT file, reason FROM errors ORDER BY 1, 2",
    "minhashes": "SELECT article_id, signature FROM minhashes ORDER BY 1",
    "lsh_buckets": "SELECT band, bucket, article_id FROM lsh_buckets ORDER BY 1, 2, 3",
    "site_templates": "SELECT site, line, articles FROM site_templates ORDER BY 1, 2",
    "site_lines": "SELECT site, line_hash, line, articles FROM site_lines ORDER BY 1, 2",
    "template_sites": "SELECT site, articles FROM template_sites ORDER BY 1",
    "template_observed": "SELECT article_id, site FROM template_observed ORDER BY 1",
    "runs": "SELECT files_seen, new, near_duplicates, unchanged, duplicates, empty, errors, "
    "status FROM ingest_runs ORDER BY id",
}


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in _SNAPSHOT_QUERIES.items()}


def assert_same_archive(merged: Path, ingested: Path, template_counts: bool = True) -> None:
    """Table by table; without `template_counts`, a site-template removal's evidence may name
    another count ("seen in 8 articles"): an ingest names the count as it grows, a job the
    count its archive had when the job started."""
    left, right = snapshot(merged), snapshot(ingested)
    if not template_counts:
        left["removals"], right["removals"] = _masked(left["removals"]), _masked(right["removals"])
    for table in _SNAPSHOT_QUERIES:
        assert left[table] == right[table], f"{table} differs"


def _masked(removals: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(*row[:5], re.sub(r"\d+", "N", row[5])) if row[3] == "site-template" else row
            for row in removals]  # fmt: skip


def write_warc_corpus(folder: Path, articles: int = 24) -> list[Path]:
    """Two sites' pages in WARC.gz files, a JSONL.gz feed and plain text, with: a footer that
    one site's articles share (a learned template), exact duplicates under other URLs, a near
    duplicate, a new version of a page, records that are not pages and a broken JSONL line."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = [_page(number) for number in range(articles)]
    copies = [
        WarcRecord("https://mirror.example.org/copy-3", pages[3].body),  # exact duplicate
        WarcRecord("https://mirror.example.org/near-5", _near_copy(5)),  # near duplicate
        WarcRecord("https://harbour.example.com/news/1", article_html(9001, "Updated.").encode()),
        WarcRecord("https://harbour.example.com/logo.png", b"\x89PNG", content_type="image/png"),
        WarcRecord("https://harbour.example.com/gone", b"", status="404 Not Found"),
    ]
    half = len(pages) // 2
    write_warc(folder / "crawl-1.warc.gz", pages[:half], compress=True)
    write_warc(folder / "crawl-2.warc.gz", pages[half:] + copies, compress=True)
    write_warc(folder / "plain.warc", pages[2:4], compress=False)  # raw duplicates
    feed = [json.dumps({"url": f"https://feed.example.net/{i}", "text": article_text(800 + i,
            f"Feed {i}."), "title": f"Feed story {i}"}) for i in range(5)]  # fmt: skip
    feed.insert(2, "{not json")
    with gzip.open(folder / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(feed) + "\n")
    (folder / "notes").mkdir(exist_ok=True)
    (folder / "notes" / "a.txt").write_text(article_text(700, "Note a."))
    (folder / "notes" / "empty.txt").write_text("")
    return sorted(folder.iterdir())


def _page(number: int) -> WarcRecord:
    site = "harbour.example.com" if number % 3 else "river.example.org"
    paragraphs = article_paragraphs(1000 + number, f"Marker {number}.")
    footer = f"<p>{SITE_FOOTER}</p>" if site.startswith("harbour") else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f"<!DOCTYPE html><html><head><title>Story {number}</title></head><body><article>"
        f"<h1>Story {number}</h1>{body}{footer}</article></body></html>"
    )
    return WarcRecord(f"https://{site}/news/{number}", html.encode())


def _near_copy(number: int) -> bytes:
    paragraphs = article_paragraphs(1000 + number, f"Marker {number}.")
    paragraphs[-1] = "A paragraph the syndicating site wrote itself about the decision."
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><head><title>Copy</title></head><body><article>{body}</article></body></html>"
    return page.encode()


def local_job(
    paths: list[str],
    out: Path,
    rules: tuple[str, ...] = (),
    files_per_shard: int = 2,
    db: Path | None = None,
) -> list[str]:
    """The shards of a job, cleaned in this process (no cluster): what the workers do; with
    `db`, for that archive (its learned templates)."""
    out.mkdir(parents=True, exist_ok=True)
    tasks = plan_shards(paths, ReaderOptions(), files_per_shard)
    archive = archive_settings(str(db) if db else None)
    manifest = JobManifest(
        shards=tuple(t.name for t in tasks),
        rule_files=copy_rules(rules, out),
        dedup=archive.dedup,
        layout=archive.layout,
        templates=archive.templates,
    )
    job = JobRef(str(out.resolve()), write_manifest(out, manifest), os.getcwd())
    for task in tasks:
        clean_shard(job, task)
    return [task.name for task in tasks]
