#!/usr/bin/env python
"""Near-duplicate lookup cost against archive size: mean `find` time on an archive of N
synthetic articles and on one of 8N, printed as a ratio (1.0 = independent of size; linear
would be 8.0). Example:

    .venv/bin/python scripts/bench_dedup.py --articles 2000 --queries 200
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from cleaner.archive import Archive, open_archive
from cleaner.dedup.index import NearDuplicateIndex

VOCABULARY = [f"w{n}" for n in range(20_000)]


def synthetic_text(rng: random.Random, words: int = 300) -> str:
    return " ".join(rng.choices(VOCABULARY, k=words))


def fill(archive: Archive, count: int, rng: random.Random) -> None:
    index = NearDuplicateIndex(archive.db)
    with archive.batch():
        for number in range(count):
            text = synthetic_text(rng)
            archive.conn.execute(
                "INSERT INTO articles (id, doc_key, version, text, raw_hash, text_hash, "
                "first_seen) VALUES (?, ?, 1, ?, ?, ?, ?)",
                [f"a{number}", f"a{number}", text, f"r{number}", f"t{number}", f"{number:09d}"],
            )
            index.add(f"a{number}", text)


def mean_find_ms(archive: Archive, queries: list[str]) -> float:
    index = NearDuplicateIndex(archive.db)
    started = time.perf_counter()
    for text in queries:
        index.find(text)
    return (time.perf_counter() - started) * 1000 / len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(3)
    queries = [synthetic_text(rng) for _ in range(args.queries)]
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.articles, 8 * args.articles):
            with open_archive(Path(tmp) / f"bench{size}.db") as archive:
                fill(archive, size, rng)
                timings.append(mean_find_ms(archive, queries))
            print(f"{size:7} articles: {timings[-1]:.3f} ms per find")
    print(f"ratio 8N/N: {timings[1] / timings[0]:.2f} (linear would be 8.00)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
