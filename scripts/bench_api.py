#!/usr/bin/env python
"""Per-call cost of `cleaner.clean` against a reused `Cleaner` and `trafilatura.extract`, on
the same documents in one run: the seeds (plain text) and the first `--pages` wcxb-dev HTML
pages. The bar (issue 12): `cleaner.clean` within 1.2x of a reused `Cleaner` once the first
call has loaded the rule packs, widget signals and language model. Example:

    .venv/bin/python scripts/bench_api.py --pages 20 --repeat 3
    .venv/bin/python scripts/bench_api.py --html /work/shared/dev/wcxb-dev/html

Each document goes through the three methods back to back, rotating which goes first, so the
machine's changing load hits all three alike; the median of `--repeat` passes over the
documents is reported. Exit code 1 when the bar is missed.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

import cleaner

ROOT = Path(__file__).resolve().parent.parent
# wcxb-dev lives in ../shared beside the main checkout
DEFAULT_HTML = ROOT.parent / "shared" / "dev" / "wcxb-dev" / "html"
BAR = 1.2
BUILDS = 1000  # Cleaner constructions timed for the per-call overhead

Method = Callable[[bytes], object]


def load_documents(html_folder: Path, pages: int) -> list[bytes]:
    seeds = [path.read_bytes() for path in sorted((ROOT / "seeds").glob("*.txt"))]
    html_paths = sorted(html_folder.glob("*.html.gz"))[:pages]
    if pages and not html_paths:
        raise SystemExit(f"{html_folder}: no *.html.gz pages (pass --html or --pages 0)")
    return seeds + [gzip.decompress(path.read_bytes()) for path in html_paths]


def per_call_ms(methods: dict[str, Method], documents: list[bytes]) -> dict[str, float]:
    """One pass over the documents: each document goes through every method back to back
    (rotating which goes first), so a change in the machine's load hits all methods alike."""
    totals = dict.fromkeys(methods, 0.0)
    names = list(methods)
    for number, document in enumerate(documents):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            methods[name](document)
            totals[name] += time.perf_counter() - started
    return {name: total * 1000 / len(documents) for name, total in totals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help="wcxb-dev html folder")
    parser.add_argument("--pages", type=int, default=20, help="HTML pages to add to the seeds")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    documents = load_documents(args.html, args.pages)

    started = time.perf_counter()
    cleaner.clean(documents[0])
    first_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    for _ in range(BUILDS):
        reused = cleaner.Cleaner(time_limit=None)  # as cleaner.clean: no time limit
    build_us = (time.perf_counter() - started) * 1e6 / BUILDS
    methods: dict[str, Method] = {
        "cleaner.clean": cleaner.clean,
        "reused Cleaner": reused.clean,
        "trafilatura.extract": trafilatura.extract,
    }
    per_call_ms(methods, documents[:3])  # warm up: lazy imports, regex and stop-list caches
    timings: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(args.repeat):
        for name, value in per_call_ms(methods, documents).items():
            timings[name].append(value)

    print(f"{len(documents)} documents, {args.repeat} repetitions, median ms per call")
    print(f"first cleaner.clean in the process (loads everything): {first_ms:.0f} ms")
    print(f"building a Cleaner after that: {build_us:.1f} µs (what cleaner.clean adds)")
    median = {name: statistics.median(values) for name, values in timings.items()}
    for name, value in median.items():
        print(f"{name:20} {value:8.2f} ms")
    ratio = median["cleaner.clean"] / median["reused Cleaner"]
    passed = ratio <= BAR
    verdict = "ok" if passed else "MISSED"
    print(f"cleaner.clean / reused Cleaner: {ratio:.2f} (bar <= {BAR}: {verdict})")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
