"""Benchmark of `cleaner ingest` (not a test): prints figures as ratios against baselines
measured in the same run.

1. Plain-text corpora of N generated articles (default 10k and 100k files). The text is drawn
   from a Zipf-distributed vocabulary of 20k pseudo-words (deterministic RNG): 300-1200 words
   in paragraphs of sentences, a title line, and a few chrome lines ("Skip to main content",
   "Share this article", a subscription prompt ...) on top and at the bottom. For each run:
   - ingest rate (articles/s) of `cleaner.ingest.ingest` (reading, cleaning, exact and near
     dedup, raw input, removals, FTS, templates, batched transactions) against a bare
     sqlite-utils `insert_all` of the very same article rows into a table with the same FTS5
     index and triggers, measured right after in the same process (goal: ratio >= 0.5 with
     `--text-jobs 2`); `--cleaning passthrough` replaces the cleaner by a split (passed as
     `clean_fn`, so the workers still do everything else: compression, hashes, MinHash),
     to measure the rest;
   - the rate over the first and the last tenth of the articles (does it degrade as the archive
     grows?), the ingest process's CPU time per article in both (what the load of other jobs
     does not change), and the seconds the run took after its last article (FTS5 'optimize');
   - archive bytes per article, broken down by table (with their indexes) via `dbstat`;
   - peak RSS after the first tenth of the articles and at the end (each run in its own
     process, so the figure is that run's own peak: flat means memory does not grow with the
     archive);
   - search latency p50 / p95 (ranked, with snippets) over 200 queries of 1-3 words drawn from
     the vocabulary;
   - Datasette while the ingest writes (`datasette_probe`, off with `--no-datasette`): a real
     `cleaner serve` asked every 2 s for the ranked search page, the table search box and every
     canned query; answers, failures, p50 / p95 / max.
2. `--jobs 2` against `--jobs 1` on HTML: the first N pages of the eval set, gunzipped to a
   temporary folder (goal: >= 1.8x on 2 cores).

    .venv/bin/python scripts/bench_ingest.py                 # 10k and 100k, then HTML jobs
    .venv/bin/python scripts/bench_ingest.py --sizes 10000 --cleaning passthrough --html-pages 0
    .venv/bin/python scripts/bench_ingest.py --sizes 1000000 --cleaning passthrough \
        --html-pages 0 --workdir /var/tmp              # 1M: about 15 GB of corpus and archive
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import sqlite_utils
from datasette_probe import DatasetteProbe
from evalset import DEFAULT_DATA

from cleaner.archive import open_archive
from cleaner.archive.search import SearchQuery
from cleaner.errors import CleanerError
from cleaner.fulltext.layout import INDEXES
from cleaner.ingest import ingest
from cleaner.ingest.options import IngestOptions
from cleaner.model import Article, RawDocument
from cleaner.outcomes import Outcome, OutcomeKind
from cleaner.schema import DEFAULT_FTS_TOKENIZER

EVAL_PAGES = DEFAULT_DATA / "pages"
WINDOWS = 10  # rates and peak RSS per tenth of a run
VOCABULARY_SIZE = 20_000
ZIPF_EXPONENT = 1.07  # word frequencies of English text are close to 1/rank
QUERY_SKIP_TOP = 100  # queries avoid the 100 most frequent (stop-)words, as people do
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
CHROME_TOP = [
    "Skip to main content",
    "Menu",
    "Subscribe — only $100 per year",
    "Sign in",
    "Advertisement",
]
CHROME_BOTTOM = [
    "Share this article",
    "• Print Friendly, PDF & Email",
    "COMMENTS",
    "Please let us know if you're having issues with commenting.",
    "Sign up for our daily newsletter",
    "Copyright 2026 Example Media. All rights reserved.",
]


class Corpus:
    """Deterministic generated articles: word ranks drawn from a Zipf law over the vocabulary."""

    def __init__(self, seed: int = 20_000) -> None:
        rng = np.random.default_rng(seed)
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < VOCABULARY_SIZE:
            count = int(rng.integers(1, 5))
            word = "".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), count))
            if word not in seen:
                seen.add(word)
                words.append(word)
        # Short words are the frequent ones, as in natural language.
        self.words = np.array(sorted(words, key=len))  # stable: random order within a length
        weights = 1.0 / np.arange(1, VOCABULARY_SIZE + 1) ** ZIPF_EXPONENT
        self.cumulative = np.cumsum(weights / weights.sum())

    def draw(self, rng: np.random.Generator, count: int) -> list[str]:
        ranks = np.searchsorted(self.cumulative, rng.random(count), side="right")
        return list(self.words[np.minimum(ranks, VOCABULARY_SIZE - 1)])

    def article(self, number: int) -> str:
        rng = np.random.default_rng([7, number])
        total = int(rng.integers(300, 1201))
        paragraphs: list[str] = []
        written = 0
        while written < total:
            sentences = []
            for _ in range(int(rng.integers(2, 6))):
                length = int(rng.integers(8, 26))
                sentences.append(" ".join(self.draw(rng, length)).capitalize() + ".")
                written += length
            paragraphs.append(" ".join(sentences))
        title = " ".join(self.draw(rng, int(rng.integers(5, 11)))).capitalize()
        top = [CHROME_TOP[int(i)] for i in rng.choice(len(CHROME_TOP), 2, replace=False)]
        bottom = [CHROME_BOTTOM[int(i)] for i in rng.choice(len(CHROME_BOTTOM), 2, replace=False)]
        return "\n\n".join([title, *top, *paragraphs, *bottom]) + "\n"

    def queries(self, count: int) -> list[str]:
        rng = np.random.default_rng(11)
        result = []
        for _ in range(count):
            wanted = int(rng.integers(1, 4))
            words: list[str] = []
            while len(words) < wanted:
                rank = int(np.searchsorted(self.cumulative, rng.random(), side="right"))
                if QUERY_SKIP_TOP <= rank < VOCABULARY_SIZE:
                    words.append(str(self.words[rank]))
            result.append(" ".join(words))
        return result


def write_corpus(corpus: Corpus, folder: Path, count: int) -> None:
    for number in range(count):
        sub = folder / f"part{number // 1000:04d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{number:07d}.txt").write_text(corpus.article(number), encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


class Clock:
    """Time, CPU time of this process (the writer, feeder and pool threads; the cleaning
    workers are processes of their own) and peak RSS at every `window`-th outcome; the time of
    the last outcome. On a shared machine the CPU time per article is what other jobs' load
    does not change."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.marks = [time.perf_counter()]
        self.cpu = [time.process_time()]
        self.rss = [peak_rss_mb()]
        self.count = 0
        self.last = self.marks[0]

    def __call__(self, outcome: Outcome) -> None:
        self.count += 1
        self.last = time.perf_counter()
        if self.count % self.window == 0:
            self.marks.append(self.last)
            self.cpu.append(time.process_time())
            self.rss.append(peak_rss_mb())

    def window_rates(self) -> list[float]:
        return [self.window / (b - a) for a, b in zip(self.marks, self.marks[1:], strict=False)]

    def window_cpu_ms(self) -> list[float]:
        """CPU milliseconds per article in each window."""
        return [1000 * (b - a) / self.window for a, b in zip(self.cpu, self.cpu[1:], strict=False)]


def article_rows(source: sqlite_utils.Database, columns: list[str]) -> Iterator[dict[str, object]]:
    cursor = source.conn.execute(f"SELECT {', '.join(columns)} FROM articles ORDER BY rowid")
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


def baseline_insert(source_db: Path, target_db: Path) -> float:
    """Seconds for sqlite-utils to insert the same article rows with the same FTS index."""
    source = sqlite_utils.Database(source_db)
    columns = list(source["articles"].columns_dict)
    target = sqlite_utils.Database(target_db)
    target.enable_wal()
    table = target.table("articles")
    table.create(source["articles"].columns_dict, pk="id")
    table.enable_fts(["title", "text"], create_triggers=True, tokenize=DEFAULT_FTS_TOKENIZER)
    started = time.perf_counter()
    table.insert_all(article_rows(source, columns), batch_size=200)
    elapsed = time.perf_counter() - started
    target.close()
    source.close()
    return elapsed


def archive_size(db: Path) -> tuple[int, dict[str, int]]:
    """Total bytes on disk and bytes per table (its indexes and FTS shadow tables included)."""
    with open_archive(db, create=False) as archive:
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        by_table: dict[str, int] = {}
        try:
            rows = archive.conn.execute(
                "SELECT s.name, m.tbl_name, sum(s.pgsize) FROM dbstat s "
                "LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY s.name"
            ).fetchall()
        except sqlite3.OperationalError:  # SQLite built without dbstat
            rows = []
        for name, table, size in rows:
            owner = str(table or name)
            shadowed = [index.name for index in INDEXES if owner.startswith(index.name)]
            owner = max(shadowed, key=len) if shadowed else owner  # an FTS index's own tables
            by_table[owner] = by_table.get(owner, 0) + int(size)
    total = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return total, by_table


def search_latency(db: Path, queries: list[str]) -> dict[str, float]:
    """p50 and p95 of `cleaner search` (ranked, 20 hits with snippets) in milliseconds: wall
    clock, and the CPU time of the search (what other jobs on the machine do not change)."""
    wall, cpu = [], []
    with open_archive(db, create=False) as archive:
        for words in queries:
            started, used = time.perf_counter(), time.process_time()
            archive.search(SearchQuery(words, limit=20))
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    figures = {}
    for name, timings in (("search", sorted(wall)), ("search_cpu", sorted(cpu))):
        figures[f"{name}_p50_ms"] = statistics.median(timings)
        figures[f"{name}_p95_ms"] = timings[math.ceil(len(timings) * 0.95) - 1]
    return figures


def passthrough_clean(doc: RawDocument, site_template: object) -> Article:
    """Stand-in for the cleaner (--cleaning passthrough): title line, every other line kept,
    language English (the Porter-stemmed index, as every article was before there was one per
    language). Passed as `clean_fn`, it runs in the cleaning workers."""
    lines = [line for line in doc.data.decode().split("\n\n") if line.strip()]
    return Article(text="\n\n".join(lines[1:]), title=lines[0], language="en")


def bench_text(
    size: int, work: Path, cleaning: str, jobs: int, datasette: bool
) -> dict[str, float]:
    corpus, db = work / f"corpus{size}", work / f"archive{size}.db"
    for old in work.glob(f"archive{size}.db*"):
        old.unlink()
    clean_fn = passthrough_clean if cleaning == "passthrough" else None
    clock = Clock(max(size // WINDOWS, 1))
    options = IngestOptions(paths=(str(corpus),), db_path=str(db), jobs=jobs, clean_fn=clean_fn)
    probe = DatasetteProbe(db, Corpus().queries(50)) if datasette else None
    started = time.perf_counter()
    if probe:
        with probe:
            report = ingest(options, on_outcome=clock)
    else:
        report = ingest(options, on_outcome=clock)
    ours = time.perf_counter() - started
    if report.counts[OutcomeKind.NEW] != size:
        raise SystemExit(f"expected {size} new articles, got {report.summary()}")
    base_db = work / f"baseline{size}.db"
    for old in work.glob(f"baseline{size}.db*"):
        old.unlink()
    base = baseline_insert(db, base_db)
    windows = clock.window_rates()
    searched = search_latency(db, Corpus().queries(200))
    total, by_table = archive_size(db)
    figures = {
        "articles": size,
        "ingest_per_s": size / ours,
        "baseline_per_s": size / base,
        "ratio_vs_baseline": base / ours,
        "first_tenth_per_s": windows[0],
        "last_tenth_per_s": windows[-1],
        "last_vs_first": windows[-1] / windows[0],
        "after_last_article_s": started + ours - clock.last,
        "cpu_ms_per_article_first_tenth": clock.window_cpu_ms()[0],
        "cpu_ms_per_article_last_tenth": clock.window_cpu_ms()[-1],
        "peak_rss_mb_first_tenth": clock.rss[1],
        "peak_rss_mb_at_end": clock.rss[-1],
        "rss_end_vs_first": clock.rss[-1] / clock.rss[1],
        "bytes_per_article": total / size,
        **searched,
        **(probe.figures() if probe else {}),
    }
    if probe and probe.errors:
        print("  Datasette errors:", *probe.errors[:10], sep="\n    ")
    for table, used in sorted(by_table.items(), key=lambda item: -item[1]):
        figures[f"bytes_per_article.{table}"] = used / size
    return figures


def _bench_text_child(args: tuple[int, Path, str, int, bool], queue: multiprocessing.Queue) -> None:
    try:
        queue.put(bench_text(*args))
    except BaseException as exc:  # report, do not hang the parent
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def bench_text_isolated(
    size: int, work: Path, cleaning: str, jobs: int, datasette: bool
) -> dict[str, float]:
    """One run in a fresh process: its peak RSS is its own."""
    print(f"\n== {size} plain-text articles, cleaning={cleaning}, jobs={jobs}", flush=True)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    run = (size, work, cleaning, jobs, datasette)
    child = context.Process(target=_bench_text_child, args=(run, queue))
    child.start()
    figures = queue.get()
    child.join()
    if "error" in figures:
        raise SystemExit(f"benchmark run failed: {figures['error']}")
    for name, value in figures.items():
        print(f"  {name:34} {value:12.2f}")
    return figures


def bench_jobs(pages: int, work: Path) -> dict[str, float]:
    folder = work / "html"
    folder.mkdir()
    for page in sorted(EVAL_PAGES.glob("*.gz"))[:pages]:
        (folder / page.name.removesuffix(".gz")).with_suffix(".html").write_bytes(
            gzip.decompress(page.read_bytes())
        )
    print(f"\n== --jobs on {pages} HTML eval pages", flush=True)
    rates = {}
    for jobs in (1, 2):
        started = time.perf_counter()
        report = ingest(IngestOptions(paths=(str(folder),), db_path=str(work / f"jobs{jobs}.db"),
                                      jobs=jobs))  # fmt: skip
        elapsed = time.perf_counter() - started
        rates[jobs] = report.counts.seen / elapsed
        print(f"  jobs={jobs}: {elapsed:7.2f} s  {rates[jobs]:7.2f} pages/s  {report.summary()}")
    ratio = rates[2] / rates[1]
    print(f"  jobs 2 / jobs 1 speed-up: {ratio:.2f}x (goal >= 1.8x)")
    return {"jobs1_per_s": rates[1], "jobs2_per_s": rates[2], "speedup": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--html-pages", type=int, default=990)  # the whole eval set
    parser.add_argument(
        "--cleaning",
        choices=["full", "passthrough"],
        nargs="*",
        default=["full", "passthrough"],
        help="passthrough: replace the cleaner by a split, to measure the rest",
    )
    parser.add_argument("--text-jobs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="temporary files go here")
    parser.add_argument(
        "--no-datasette", dest="datasette", action="store_false",
        help="no `cleaner serve` asked for pages while the ingest writes",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        try:
            generator = Corpus()
            for size in args.sizes:
                started = time.perf_counter()
                write_corpus(generator, work / f"corpus{size}", size)
                print(f"\n(generated {size} articles in {time.perf_counter() - started:.0f} s)")
                for cleaning in args.cleaning:
                    key = f"text_{size}_{cleaning}_jobs{args.text_jobs}"
                    results[key] = bench_text_isolated(
                        size, work, cleaning, args.text_jobs, args.datasette
                    )
            if args.html_pages:
                results["html_jobs"] = bench_jobs(args.html_pages, work)
        except CleanerError as exc:
            sys.exit(f"error: {exc}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
