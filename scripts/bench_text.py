#!/usr/bin/env python3
"""Plain-text cleaning speed on ~5 KB scraped articles, one core, against a C4-style filter.

The documents are paragraph scrapes of ../shared/dev/html-eval pages (not training data), cut
to about 5 KB each. Every system cleans the same documents in the same run, interleaved in
rounds, and the best round counts (the machine is shared and noisy).

Usage:
    .venv/bin/python scripts/bench_text.py [--docs 300] [--rounds 3] [--size 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from eval_text import c4_filter
from evalset import DEFAULT_DATA, iter_pages

from cleaner import Cleaner
from cleaner.linemodel.render import paragraph_scrape


def documents(count: int, size: int) -> list[str]:
    docs = []
    for page in iter_pages(DEFAULT_DATA):
        blocks, total = [], 0
        for block in paragraph_scrape(page.read().decode("utf-8", "replace")):
            blocks.append(block)
            total += len(block) + 2
            if total >= size:
                break
        if total >= size * 0.8:
            docs.append("\n\n".join(blocks))
        if len(docs) == count:
            break
    return docs


def rate(clean: Callable[[str], object], docs: list[str]) -> float:
    started = time.perf_counter()
    for doc in docs:
        clean(doc)
    return len(docs) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args(argv)
    docs = documents(args.docs, args.size)
    rules, model = Cleaner(time_limit=None, line_model=None), Cleaner(time_limit=None)
    systems: dict[str, Callable[[str], object]] = {
        "C4-style filter": lambda text: c4_filter(text.split("\n\n")),
        "cleaner, rules only": lambda text: rules.clean(text, kind="text"),
        "cleaner, rules + line model": lambda text: model.clean(text, kind="text"),
    }
    for clean in systems.values():
        clean(docs[0])  # load models outside the clock
    best = dict.fromkeys(systems, 0.0)
    for _ in range(args.rounds):
        for name, clean in systems.items():
            best[name] = max(best[name], rate(clean, docs))
    size = sum(map(len, docs)) / len(docs)
    print(f"{len(docs)} documents, mean {size / 1000:.1f} KB, best of {args.rounds} rounds\n")
    print("| system | docs/s | ratio to C4 filter |")
    print("| --- | --- | --- |")
    for name, value in best.items():
        print(f"| {name} | {value:,.0f} | {value / best['C4-style filter']:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
