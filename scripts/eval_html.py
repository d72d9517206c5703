#!/usr/bin/env python
"""Measure the HTML path against plain trafilatura on an annotated page set, in one run.

Timing is made fair and stable for a noisy, shared machine: both systems get the same page
bytes in the same process, page by page, alternating which goes first; both are warmed up
first (lazy models, regex and stop-list caches); the whole set is timed `--repeat` times and
the median of the per-repetition time ratios is reported. Each page's must-keep (`with`) and
must-drop (`without`) segments are looked up in each output after collapsing whitespace, case
as is: a kept `with` is a true positive, a lost one a false negative, a kept `without` a false
positive. Prints precision / recall / F and pages per second for both, and the time ratio.

    .venv/bin/python scripts/eval_html.py                       # the whole set, 3 repetitions
    .venv/bin/python scripts/eval_html.py --limit 200 --repeat 1 --show-leaks 25

Plain trafilatura is `trafilatura.extract(page_bytes, url=..., include_comments=False)` with
its defaults (it decodes and parses the bytes itself); cleaner is `Cleaner().clean(page_bytes,
url=...)`, its whole pipeline (decode → parse → metadata → widget stripping → trafilatura →
rule packs/classifier → language). Both get the same `bytes`. Cleaner's output is its body
text plus the headline line it moved out of the body into `Article.title` (never other
removed lines). Outputs are deterministic, so segments are scored on the first repetition.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from evalset import DEFAULT_DATA, SegmentScore, iter_pages

from cleaner import Article, Cleaner, CleanerError

WARM_UP_PAGES = 10
TIME_BAR = 1.2  # issue 3: cleaner may take at most this many times plain trafilatura's time


@dataclass(frozen=True)
class Page:
    url: str
    data: bytes
    keep: tuple[str, ...]
    drop: tuple[str, ...]


@dataclass
class Score(SegmentScore):
    """Segment counts and time for one system."""

    name: str = ""
    # total seconds of each repetition over the whole set
    repetitions: list[float] = field(default_factory=list)
    pages: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def seconds(self) -> float:
        """Median total time of one pass over the set."""
        return statistics.median(self.repetitions) if self.repetitions else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def load_pages(folder: Path, limit: int | None) -> Iterator[Page]:
    for page in iter_pages(folder, limit):
        yield Page(page.url, page.read(), page.keep, page.drop)


def plain_trafilatura(page: Page) -> str:
    return trafilatura.extract(page.data, url=page.url, include_comments=False) or ""


def make_cleaner_runner(cleaner: Cleaner) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        return article_output(cleaner.clean(page.data, url=page.url))

    return run


def article_output(article: Article) -> str:
    """What cleaner keeps of a page: the body, plus the extracted headline line it moved to
    `Article.title` (plain trafilatura leaves that line in its text)."""
    headline = [r.text for r in article.removed if r.category == "headline"]
    return "\n".join([*headline, article.text])


def timed(score: Score, system: Callable[[Page], str], page: Page, *, record: bool) -> None:
    """Run one system on one page, add its time to the current repetition, score the output
    when `record` is set."""
    started = time.perf_counter()
    try:
        output = system(page)
    except CleanerError as exc:
        output = ""
        if record:
            score.errors[str(exc)] += 1
    score.repetitions[-1] += time.perf_counter() - started
    if record:
        score.pages += 1
        score.add(output, page.keep, page.drop)


def evaluate(pages: list[Page], cleaner: Cleaner, repeats: int) -> tuple[Score, Score]:
    plain, ours = Score(name="plain trafilatura"), Score(name="cleaner")
    systems = [(plain, plain_trafilatura), (ours, make_cleaner_runner(cleaner))]
    for repetition in range(repeats):
        gc.collect()
        for score, _system in systems:
            score.repetitions.append(0.0)
        for index, page in enumerate(pages):
            order = systems if (index + repetition) % 2 == 0 else systems[::-1]
            for score, system in order:
                timed(score, system, page, record=repetition == 0)
    return plain, ours


def time_ratios(plain: Score, ours: Score) -> list[float]:
    """cleaner / plain total time, per repetition."""
    pairs = zip(ours.repetitions, plain.repetitions, strict=True)
    return [mine / base if base else float("nan") for mine, base in pairs]


def warm_up(pages: list[Page], cleaner: Cleaner) -> None:
    """Load lazy models (language identifier, date parser and stop-list caches) and warm
    both systems' code paths outside the timing."""
    for _round in range(2):
        for page in pages:
            plain_trafilatura(page)
            with contextlib.suppress(CleanerError):
                cleaner.clean(page.data, url=page.url)


def print_table(plain: Score, ours: Score) -> None:
    print(f"pages: {ours.pages}, segments: {ours.tp + ours.fn} with / {ours.tn + ours.fp} without")
    header = f"{'system':<20} {'precision':>9} {'recall':>7} {'F':>7} {'pages/s':>8} {'s/page':>8}"
    print(header)
    print("-" * len(header))
    for score in (plain, ours):
        print(
            f"{score.name:<20} {score.precision:9.4f} {score.recall:7.4f} {score.f_score:7.4f} "
            f"{score.pages_per_second:8.1f} {score.seconds / max(score.pages, 1):8.4f}"
        )
    ratios = time_ratios(plain, ours)
    ratio = statistics.median(ratios) if ratios else float("nan")
    print("-" * len(header))
    print(
        f"cleaner - plain: F {ours.f_score - plain.f_score:+.4f}, "
        f"recall {ours.recall - plain.recall:+.4f}, "
        f"precision {ours.precision - plain.precision:+.4f}"
    )
    each = ", ".join(f"{r:.3f}" for r in ratios)
    print(
        f"time per page, cleaner / plain: {ratio:.3f}x "
        f"(median of {len(ratios)} repetition(s): {each}; s/page is the median pass)"
    )
    bar_f = ours.f_score > plain.f_score
    bar_recall = ours.recall >= plain.recall - 0.005
    bar_time = ratio <= TIME_BAR
    print(
        f"bar: F above plain {_mark(bar_f)}, recall within 0.005 {_mark(bar_recall)}, "
        f"time <= {TIME_BAR}x {_mark(bar_time)}"
    )
    for score in (plain, ours):
        for message, count in score.errors.most_common(5):
            print(f"{score.name} error x{count}: {message}")


def _mark(ok: bool) -> str:
    return "yes" if ok else "NO"


def print_leaks(plain: Score, ours: Score, top: int) -> None:
    print(f"\nMost common must-drop segments cleaner KEPT ({sum(ours.leaked.values())} in all):")
    for segment, count in ours.leaked.most_common(top):
        also = "" if segment in plain.leaked else "   [plain dropped it]"
        print(f"  {count:3d}  {segment[:100]!r}{also}")
    print(f"\nMost common must-keep segments cleaner LOST ({sum(ours.lost.values())} in all):")
    for segment, count in ours.lost.most_common(top):
        also = "" if segment in plain.lost else "   [plain kept it]"
        print(f"  {count:3d}  {segment[:100]!r}{also}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="eval set folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="time the whole set N times, report the median time ratio (default 3)",
    )
    parser.add_argument(
        "--show-leaks",
        type=int,
        nargs="?",
        const=30,
        default=0,
        metavar="N",
        help="print the N most common leaks and losses of cleaner",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        action="append",
        default=[],
        help="extra rule pack for cleaner (repeatable)",
    )
    args = parser.parse_args(argv)
    cleaner = Cleaner(args.rules)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    pages = list(load_pages(args.data, args.limit))
    warm_up(pages[:WARM_UP_PAGES], cleaner)
    plain, ours = evaluate(pages, cleaner, args.repeat)
    print_table(plain, ours)
    if args.show_leaks:
        print_leaks(plain, ours, args.show_leaks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
