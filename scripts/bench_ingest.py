"""Benchmark of `cleaner ingest` (not a test): prints figures as ratios against baselines
measured in the same run.

1. Plain-text corpora of N generated articles (default 10k and 100k files):
   - ingest rate (articles/s) of `cleaner.ingest.ingest` (reading, cleaning, dedup, raw input,
     removals, FTS, near-dup index, batched transactions) against a bare sqlite-utils
     `insert_all` of the very same article rows into a table with the same FTS5 index and
     triggers (goal: ratio >= 0.5);
   - the rate over the first and the last 10k articles (does it degrade as the archive grows?);
   - archive size per article;
   - search latency p50 / p95 over random one- and two-word queries.
2. `--jobs 2` against `--jobs 1` on HTML: the first N pages of the eval set, gunzipped to a
   temporary folder (goal: >= 1.7x on 2 cores).

    .venv/bin/python scripts/bench_ingest.py                 # 10k and 100k, then HTML jobs
    .venv/bin/python scripts/bench_ingest.py --sizes 10000 --html-pages 0
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from cleaner import ingest as ingest_module
from cleaner.archive import SearchQuery, open_archive
from cleaner.errors import CleanerError
from cleaner.ingest import IngestOptions, Outcome, ingest
from cleaner.model import Article, RawDocument
from cleaner.schema import DEFAULT_FTS_TOKENIZER

EVAL_PAGES = Path("/work/shared/dev/html-eval/pages")
WINDOW = 10_000
WORDS = [
    "government",
    "minister",
    "council",
    "river",
    "market",
    "school",
    "hospital",
    "budget",
    "election",
    "court",
    "harbour",
    "festival",
    "museum",
    "railway",
    "bridge",
    "farmers",
    "prices",
    "energy",
    "climate",
    "summit",
    "police",
    "village",
    "report",
    "committee",
    "announced",
    "said",
    "would",
    "could",
    "after",
    "before",
    "during",
    "against",
    "within",
    "between",
    "northern",
    "southern",
    "eastern",
    "western",
    "officials",
    "residents",
    "workers",
    "students",
    "teachers",
    "doctors",
    "million",
    "percent",
    "record",
    "quarter",
    "weekly",
    "annual",
    "decision",
]


def article_text(number: int) -> str:
    rng = random.Random(number)
    paragraphs = []
    for _ in range(4):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
            for _ in range(rng.randint(2, 4))
        ]
        paragraphs.append(" ".join(sentences))
    title = f"Report {number}: " + " ".join(rng.choice(WORDS) for _ in range(5))
    return "\n\n".join(["Skip to main content", title, *paragraphs, "Subscribe"]) + "\n"


def write_corpus(folder: Path, count: int) -> None:
    for number in range(count):
        sub = folder / f"part{number // 1000:04d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{number:07d}.txt").write_text(article_text(number), encoding="utf-8")


class Clock:
    """Timestamps of every WINDOW-th new article, for rates per window."""

    def __init__(self) -> None:
        self.marks = [time.perf_counter()]
        self.count = 0

    def __call__(self, outcome: Outcome) -> None:
        self.count += 1
        if self.count % WINDOW == 0:
            self.marks.append(time.perf_counter())


def baseline_insert(source_db: Path, target_db: Path) -> float:
    """Seconds for sqlite-utils to insert the same article rows with the same FTS index."""
    source = sqlite_utils.Database(source_db)
    columns = [c for c in source["articles"].columns_dict]
    rows = source.query(f"SELECT {', '.join(columns)} FROM articles ORDER BY rowid")
    target = sqlite_utils.Database(target_db)
    target.enable_wal()
    table = target["articles"]
    table.create(source["articles"].columns_dict, pk="id")
    table.enable_fts(["title", "text"], create_triggers=True, tokenize=DEFAULT_FTS_TOKENIZER)
    started = time.perf_counter()
    table.insert_all(rows, batch_size=200)
    elapsed = time.perf_counter() - started
    target.close()
    source.close()
    return elapsed


def archive_bytes(db: Path) -> int:
    with open_archive(db, create=False) as archive:
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def search_latency(db: Path, queries: int = 200) -> tuple[float, float]:
    rng = random.Random(7)
    timings = []
    with open_archive(db, create=False) as archive:
        for _ in range(queries):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
            started = time.perf_counter()
            archive.search(SearchQuery(words, limit=20))
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def passthrough_clean(self: object, doc: RawDocument) -> Article:
    """Stand-in for the cleaner (--cleaning passthrough): measures everything else."""
    lines = [line for line in doc.data.decode().split("\n\n") if line.strip()]
    return Article(text="\n\n".join(lines[2:-1]), title=lines[1])


def bench_text(size: int, work: Path, cleaning: str, jobs: int) -> dict[str, float]:
    corpus, db = work / f"corpus{size}", work / f"archive{size}.db"
    print(f"\n== {size} plain-text articles, cleaning={cleaning}, jobs={jobs}", flush=True)
    if not corpus.exists():
        write_corpus(corpus, size)
    for old in work.glob(f"archive{size}.db*"):
        old.unlink()
    original = ingest_module.CleaningWorker._clean
    if cleaning == "passthrough":
        ingest_module.CleaningWorker._clean = passthrough_clean  # type: ignore[method-assign]
    clock = Clock()
    started = time.perf_counter()
    try:
        options = IngestOptions(paths=(str(corpus),), db_path=str(db), jobs=jobs)
        report = ingest(options, on_outcome=clock)
    finally:
        ingest_module.CleaningWorker._clean = original  # type: ignore[method-assign]
    ours = time.perf_counter() - started
    if report.counters.new != size:
        raise SystemExit(f"expected {size} new articles, got {report.summary()}")
    base_db = work / f"baseline{size}.db"
    for old in work.glob(f"baseline{size}.db*"):
        old.unlink()
    base = baseline_insert(db, base_db)
    windows = [WINDOW / (b - a) for a, b in zip(clock.marks, clock.marks[1:], strict=False)]
    p50, p95 = search_latency(db)
    figures = {
        "articles": size,
        "ingest_per_s": size / ours,
        "baseline_per_s": size / base,
        "ratio_vs_baseline": base / ours,
        "first_10k_per_s": windows[0],
        "last_10k_per_s": windows[-1],
        "last_vs_first": windows[-1] / windows[0],
        "bytes_per_article": archive_bytes(db) / size,
        "search_p50_ms": p50,
        "search_p95_ms": p95,
    }
    for name, value in figures.items():
        print(f"  {name:20} {value:12.2f}")
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
        rates[jobs] = report.counters.files_seen / elapsed
        print(f"  jobs={jobs}: {elapsed:7.2f} s  {rates[jobs]:7.2f} pages/s  {report.summary()}")
    ratio = rates[2] / rates[1]
    print(f"  jobs 2 / jobs 1 speed-up: {ratio:.2f}x (goal >= 1.7x)")
    return {"jobs1_per_s": rates[1], "jobs2_per_s": rates[2], "speedup": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--html-pages", type=int, default=300)
    parser.add_argument(
        "--cleaning",
        choices=["full", "passthrough"],
        nargs="*",
        default=["full", "passthrough"],
        help="passthrough: replace the cleaner by a split, to measure the rest",
    )
    parser.add_argument("--text-jobs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="keep files here")
    parser.add_argument("--json", action="store_true", help="also print all figures as JSON")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        try:
            for size in args.sizes:
                for cleaning in args.cleaning:
                    key = f"text_{size}_{cleaning}_jobs{args.text_jobs}"
                    results[key] = bench_text(size, work, cleaning, args.text_jobs)
            if args.html_pages:
                results["html_jobs"] = bench_jobs(args.html_pages, work)
        except CleanerError as exc:
            sys.exit(f"error: {exc}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
