"""Benchmark of `cleaner search` on a large archive (not a test).

N generated articles (the ingest benchmark's corpus, `bench_ingest.Corpus`, in English) are
written through the archive's own writes (`Archive.writes.store_article`) in transactions of
200, as `cleaner ingest` commits them: the schema, triggers and full-text indexes an ingest
leaves, without cleaning, raw inputs, near duplicates or templates, so that a million articles
take half an hour rather than hours (`bench_ingest.py` measures the ingest). Articles are
numbered on from those the archive holds, so a second run adds more. With `--datasette`, a real
`cleaner serve` is asked for the ranked search page, the table search box and every canned query
while they are written (`datasette_probe`). Then search p50 / p95 (ranked, with snippets) over
the ingest benchmark's 200 queries, before and after FTS5 'optimize', and the full-text
indexes' bytes per article.

    .venv/bin/python scripts/bench_search.py --articles 1000000 --db /var/tmp/search1m.db
    .venv/bin/python scripts/bench_search.py --articles 50000 --datasette --db /var/tmp/search1m.db
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path

from bench_ingest import Corpus, archive_size, search_latency
from datasette_probe import DatasetteProbe

from cleaner.archive import Archive, open_archive
from cleaner.archive.records import ArticleRecord, article_id, text_hash
from cleaner.fulltext.layout import optimize
from cleaner.model import Article

BATCH = 200
EPOCH = 1_764_547_200  # 2025-12-01T00:00:00Z
QUERIES = 200
_corpus: Corpus | None = None


def _article(number: int) -> tuple[str, str]:
    """(title, text) of article `number`, in a generator process."""
    global _corpus  # one vocabulary per process, built once
    if _corpus is None:
        _corpus = Corpus()
    title, *body = _corpus.article(number).split("\n\n")
    return title, "\n\n".join(body)


def _seen_at(number: int) -> str:
    """One article a second, as an ingest's clock would stamp them (first_seen orders the
    Datasette table and its latest articles)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH + number))


def _records(start: int, count: int) -> Iterator[ArticleRecord]:
    numbers = range(start, start + count)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        for number, (title, text) in zip(numbers, pool.imap(_article, numbers, 500), strict=True):
            key = f"bench/{number:07d}.txt"
            yield ArticleRecord(
                id=article_id(key, key), doc_key=key, version=1,
                article=Article(text=text, title=title, language="en"),
                source=key, raw_hash=key, text_hash=text_hash(text),
                seen_at=_seen_at(number), cleaner_version="bench",
            )  # fmt: skip


def write_articles(archive: Archive, count: int) -> float:
    """Articles per second, written in batches as an ingest commits them."""
    (start,) = archive.conn.execute("SELECT count(*) FROM articles").fetchone()
    started = time.perf_counter()
    records = _records(start, count)
    for first in range(0, count, BATCH):
        with archive.batch():
            for _, record in zip(range(BATCH), records, strict=False):
                archive.writes.store_article(record)
        if (first // BATCH) % 500 == 0:
            done = first + BATCH
            print(f"  {done} articles, {done / (time.perf_counter() - started):.0f}/s", flush=True)
    return count / (time.perf_counter() - started)


def measure(db: Path, label: str) -> None:
    found = search_latency(db, Corpus().queries(QUERIES))
    print(f"  search {label}: p50 {found['search_p50_ms']:.1f} ms, p95 "
          f"{found['search_p95_ms']:.1f} ms (CPU time: p50 {found['search_cpu_p50_ms']:.1f}, "
          f"p95 {found['search_cpu_p95_ms']:.1f})", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="write this many first")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--datasette", action="store_true", help="ask Datasette while writing")
    args = parser.parse_args()
    probe = DatasetteProbe(args.db, Corpus().queries(50)) if args.datasette else None
    with open_archive(args.db) as archive:
        if args.articles and probe:
            with probe:
                rate = write_articles(archive, args.articles)
        elif args.articles:
            rate = write_articles(archive, args.articles)
        if args.articles:
            print(f"  wrote {args.articles} articles, {rate:.0f}/s")
        (articles,) = archive.conn.execute("SELECT count(*) FROM articles").fetchone()
    for name, value in (probe.figures() if probe else {}).items():
        print(f"  {name:40} {value:10.1f}")
    if probe and probe.errors:
        print("  Datasette errors:", *probe.errors[:10], sep="\n    ")
    print(f"== {articles} articles in {args.db}")
    measure(args.db, "as written")
    with open_archive(args.db) as archive:
        started = time.perf_counter()
        with archive.batch():
            optimize(archive.conn)
        print(f"  optimize: {time.perf_counter() - started:.0f} s")
    measure(args.db, "after optimize")
    total, by_table = archive_size(args.db)
    fts = sum(size for name, size in by_table.items() if name.startswith("articles_fts"))
    print(f"  {total / articles:.0f} bytes per article, full-text indexes {fts / articles:.0f}")


if __name__ == "__main__":
    main()
