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
import multiprocessing
import sys
import warnings
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from evalset import DEFAULT_DATA, EvalPage, SegmentScore, collapse, iter_pages

from cleaner import Cleaner

TERMINAL = (".", "!", "?", '"', "”", "…", "»")


SYSTEMS = ("uncleaned", "c4-filter", "cleaner (title+text)", "cleaner (text)")


def scraped_blocks(html: bytes) -> list[str]:
    """The naive scraper's view of a page, as news scrapers commonly build it with
    BeautifulSoup: the headline, then every <p>'s text in document order."""
    soup = BeautifulSoup(html, "lxml")
    heading = soup.find("h1") or soup.find("title")
    paragraphs = (collapse(p.get_text(" ")) for p in soup.find_all("p"))
    headline = collapse(heading.get_text(" ")) if heading else ""
    return [block for block in (headline, *paragraphs) if block]


def c4_filter(blocks: list[str]) -> str:
    return "\n\n".join(b for b in blocks if b.rstrip().endswith(TERMINAL))


_worker_cleaner: Cleaner | None = None


def _init_worker() -> None:
    global _worker_cleaner
    # XHTML pages are scraped as HTML, as a naive scraper does
    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    _worker_cleaner = Cleaner()


def score_page(page: EvalPage) -> dict[str, SegmentScore]:
    assert _worker_cleaner is not None
    blocks = scraped_blocks(page.read())
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
        scores[system] = score = SegmentScore()
        score.add(text, page.keep, page.drop)
    return scores


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
    totals = {system: SegmentScore() for system in SYSTEMS}
    pages = 0
    with multiprocessing.Pool(args.workers, initializer=_init_worker) as pool:
        for scores in pool.imap_unordered(
            score_page, iter_pages(args.data, args.limit), chunksize=8
        ):
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


def _print_misses(totals: dict[str, SegmentScore], top: int) -> None:
    cleaned, raw = totals["cleaner (title+text)"], totals["uncleaned"]
    lost = cleaned.lost - raw.lost
    print(f"\n`with` segments in the scraped text but lost by cleaning ({sum(lost.values())}):")
    for segment, count in lost.most_common(top):
        print(f"  {count:>3}  {segment[:110]}")
    print(f"\n`without` segments still kept after cleaning ({sum(cleaned.leaked.values())}):")
    for segment, count in cleaned.leaked.most_common(top):
        print(f"  {count:>3}  {segment[:110]}")


if __name__ == "__main__":
    sys.exit(main())
