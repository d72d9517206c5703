#!/usr/bin/env python3
"""Measure the plain-text cleaning path on the html-eval development set.

Each page is turned into the text a naive news scraper stores (the headline — first <h1>, else
<title> — then the text of every <p> in document order, one paragraph per block, blocks separated
by a blank line). That text is cleaned with one `cleaner.Cleaner`, and the set's must-keep
(`with`) and must-drop (`without`) segments are scored on:

- the uncleaned scraped text (the ceiling for recall),
- a C4-style line filter (keep only blocks ending in terminal punctuation), for context,
- the cleaned article: title + body, and body only.

Usage:
    .venv/bin/python scripts/eval_text.py [--data DIR] [--limit N] [--workers 2] [--show-misses]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from cleaner import Cleaner

DEFAULT_DATA = Path("/work/shared/dev/html-eval")
TERMINAL = (".", "!", "?", '"', "”", "…", "»")


@dataclass
class Score:
    """Segment counts over the corpus for one system."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    kept_without: Counter[str] = field(default_factory=Counter)
    lost_with: Counter[str] = field(default_factory=Counter)

    def add(self, text: str, keep: list[str], drop: list[str]) -> None:
        for segment in keep:
            if segment in text:
                self.tp += 1
            else:
                self.fn += 1
                self.lost_with[segment] += 1
        for segment in drop:
            if segment in text:
                self.fp += 1
                self.kept_without[segment] += 1
            else:
                self.tn += 1

    def merge(self, other: Score) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn
        self.kept_without.update(other.kept_without)
        self.lost_with.update(other.lost_with)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f_score(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


SYSTEMS = ("uncleaned", "c4-filter", "cleaner (title+text)", "cleaner (text)")


def collapse(text: str) -> str:
    return " ".join(text.split())


def scraped_blocks(html: bytes) -> list[str]:
    """The naive scraper's view of a page: headline, then every <p>'s text."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    heading = next((collapse(h.text_content()) for h in root.iter("h1")), "")
    if not heading:
        heading = next((collapse(t.text_content()) for t in root.iter("title")), "")
    paragraphs = (collapse(p.text_content()) for p in root.iter("p"))
    return [block for block in (heading, *paragraphs) if block]


def c4_filter(blocks: list[str]) -> str:
    return "\n\n".join(b for b in blocks if b.rstrip().endswith(TERMINAL))


_worker_cleaner: Cleaner | None = None


def _init_worker() -> None:
    global _worker_cleaner
    _worker_cleaner = Cleaner()


def score_page(job: tuple[Path, list[str], list[str]]) -> dict[str, Score]:
    path, keep, drop = job
    assert _worker_cleaner is not None
    keep = [collapse(s) for s in keep]
    drop = [collapse(s) for s in drop]
    blocks = scraped_blocks(gzip.decompress(path.read_bytes()))
    raw = "\n\n".join(blocks)
    article = _worker_cleaner.clean(raw, kind="text")
    texts = {
        "uncleaned": raw,
        "c4-filter": c4_filter(blocks),
        "cleaner (title+text)": f"{article.title or ''}\n\n{article.text}",
        "cleaner (text)": article.text,
    }
    scores = {}
    for system, text in texts.items():
        score = Score()
        score.add(collapse(text), keep, drop)
        scores[system] = score
    return scores


def jobs(data: Path, limit: int | None) -> Iterator[tuple[Path, list[str], list[str]]]:
    evaldata = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    for n, entry in enumerate(evaldata.values()):
        if limit is not None and n >= limit:
            return
        path = data / "pages" / f"{entry['file']}.gz"
        if path.exists():
            yield path, entry.get("with", []), entry.get("without", [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--show-misses",
        action="store_true",
        help="list the most common kept `without` and lost `with` segments",
    )
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    Cleaner()  # fail fast on a broken rule pack, before the worker pool starts
    totals = {system: Score() for system in SYSTEMS}
    pages = 0
    with multiprocessing.Pool(args.workers, initializer=_init_worker) as pool:
        for scores in pool.imap_unordered(score_page, jobs(args.data, args.limit), chunksize=8):
            pages += 1
            for system, score in scores.items():
                totals[system].merge(score)

    print(f"plain-text path on {pages} pages of {args.data} (naive <h1> + <p> scrape)\n")
    columns = ("precision", "recall", "F", "tp", "fn", "fp", "tn")
    widths = (9, 7, 6, 6, 6, 6, 6)
    print(f"{'system':<22} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for system in SYSTEMS:
        s = totals[system]
        print(
            f"{system:<22} {s.precision:>9.3f} {s.recall:>7.3f} {s.f_score:>6.3f} "
            f"{s.tp:>6} {s.fn:>6} {s.fp:>6} {s.tn:>6}"
        )
    if args.show_misses:
        _print_misses(totals, args.top)
    return 0


def _print_misses(totals: dict[str, Score], top: int) -> None:
    cleaned, raw = totals["cleaner (title+text)"], totals["uncleaned"]
    lost = cleaned.lost_with - raw.lost_with
    print(f"\n`with` segments in the scraped text but lost by cleaning ({sum(lost.values())}):")
    for segment, count in lost.most_common(top):
        print(f"  {count:>3}  {segment[:110]}")
    print(f"\n`without` segments still kept after cleaning ({sum(cleaned.kept_without.values())}):")
    for segment, count in cleaned.kept_without.most_common(top):
        print(f"  {count:>3}  {segment[:110]}")


if __name__ == "__main__":
    sys.exit(main())
