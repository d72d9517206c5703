#!/usr/bin/env python3
"""Measure the plain-text cleaning path: the rules alone and with the line model.

1. ../shared/dev/wcxb-dev, on domain-grouped held-out folds: every page is rendered as a
   scraper stores it (paragraph scrape; full visible text), cleaned, and scored against its
   gold main text with the set's metric (word-level P/R/F1, the mean over pages), the share of
   `with` snippets kept and of `without` snippets leaked, and the share of gold body lines
   lost. The model that cleans a page is the fold model that never saw its site
   (`scripts/train_line_model.py` writes them to build/line-model-folds/).
2. ../shared/dev/html-eval (no page of it is used for training): the naive `<h1>` + `<p>`
   scrape, must-keep and must-drop segments, for the rules and the shipped model.

Systems: the text as stored, a C4-style line filter, the rule classifier, the line model, and
the best possible line selection (the lines labelled body: the ceiling of a line classifier).

Usage:
    .venv/bin/python scripts/eval_text.py [--data DIR] [--html-eval DIR] [--folds-dir DIR]
        [--limit N] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from evalset import DEFAULT_DATA as HTML_EVAL
from evalset import SegmentScore, collapse
from evalset import iter_pages as iter_eval_pages

from cleaner import Cleaner
from cleaner.linemodel.dataset import Page, fold_of, iter_pages
from cleaner.linemodel.labels import Gold, label_lines
from cleaner.linemodel.model import LineModel, load_line_model
from cleaner.linemodel.render import RENDERINGS, paragraph_scrape
from cleaner.model import Removal

ROOT = Path(__file__).resolve().parent.parent
WCXB = ROOT.parent / "shared" / "dev" / "wcxb-dev"
SYSTEMS = ("uncleaned", "c4-filter", "rules", "model", "best line selection")
TERMINAL = (".", "!", "?", '"', "”", "’", "»")
_TOKEN = re.compile(r"\w+")


def c4_filter(lines: list[str]) -> list[str]:
    """C4's line rule: keep lines ending in terminal punctuation with at least five words."""
    return [line for line in lines if line.rstrip().endswith(TERMINAL) and len(line.split()) >= 5]


def word_prf(output: str, gold: str) -> tuple[float, float, float]:
    out, ref = Counter(_TOKEN.findall(output.lower())), Counter(_TOKEN.findall(gold.lower()))
    overlap = sum((out & ref).values())
    precision = overlap / sum(out.values()) if out else 0.0
    recall = overlap / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Tally:
    """Sums over pages for one (group, rendering, system)."""

    pages: int = 0
    p: float = 0.0
    r: float = 0.0
    f: float = 0.0
    with_kept: int = 0
    with_total: int = 0
    without_leaked: int = 0
    without_total: int = 0
    lost: int = 0
    body_lines: int = 0
    lost_words: int = 0
    body_words: int = 0
    lost_by: Counter[str] = field(default_factory=Counter)  # lost body lines by rule id

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Workers:
    rules: Cleaner
    folds: list[Cleaner]
    shipped: Cleaner


_workers: Workers | None = None


def _init(folds_dir: Path, threshold: float | None) -> None:
    global _workers
    fold_models: list[LineModel] = [load_line_model(folds_dir / f"fold-{k}.json") for k in range(5)]
    if threshold is not None:  # to see the trade-off; the shipped threshold is the training's
        fold_models = [replace(model, threshold=threshold) for model in fold_models]
    _workers = Workers(
        rules=Cleaner(time_limit=None, line_model=None),
        folds=[Cleaner(time_limit=None, line_model=m) for m in fold_models],
        shipped=Cleaner(time_limit=None),
    )


def _score(
    lines: list[str],
    output: str,
    page: Page,
    body: list[bool],
    title: Gold,
    removed: tuple[Removal, ...] = (),
) -> Tally:
    gold = page.gold.get("main_content") or ""
    p, r, f = word_prf(output, gold)
    text = collapse(output).lower()
    withs = [collapse(s).lower() for s in page.gold.get("with") or []]
    withouts = [collapse(s).lower() for s in page.gold.get("without") or []]
    kept = set(output.split("\n\n"))
    body_lines = [
        line for line, b in zip(lines, body, strict=True) if b and title.body_share(line) < 0.8
    ]
    lost = [line for line in body_lines if line not in kept]
    remover = {r.text: r.rule_id for r in reversed(removed)}  # the first removal of a text
    return Tally(
        pages=1,
        p=p,
        r=r,
        f=f,
        with_kept=sum(s in text for s in withs),
        with_total=len(withs),
        without_leaked=sum(s in text for s in withouts),
        without_total=len(withouts),
        lost=len(lost),
        body_lines=len(body_lines),
        lost_words=sum(len(line.split()) for line in lost),
        body_words=sum(len(line.split()) for line in body_lines),
        lost_by=Counter(remover.get(line, "(joined or changed)") for line in lost),
    )


def score_page(page: Page) -> list[tuple[str, str, str, Tally]]:
    assert _workers is not None
    html = page.html()
    model = _workers.folds[fold_of(page.domain)]
    title = Gold.of(page.gold.get("title") or "")
    results = []
    for rendering, render in RENDERINGS.items():
        lines = render(html)
        body = label_lines(lines, page.gold.get("main_content") or "")
        raw = "\n\n".join(lines)
        cleaned = {
            "rules": _workers.rules.clean(raw, kind="text"),
            "model": model.clean(raw, kind="text"),
        }
        outputs = {
            "uncleaned": raw,
            "c4-filter": "\n\n".join(c4_filter(lines)),
            "rules": cleaned["rules"].text,
            "model": cleaned["model"].text,
            # the ceiling of any line classifier: exactly the lines labelled body
            "best line selection": "\n\n".join(
                line for line, b in zip(lines, body, strict=True) if b
            ),
        }
        for system, output in outputs.items():
            removed = cleaned[system].removed if system in cleaned else ()
            tally = _score(lines, output, page, body, title, removed)
            results.append((page.page_type, rendering, system, tally))
    return results


def score_eval_page(page) -> dict[str, SegmentScore]:
    assert _workers is not None
    raw = "\n\n".join(paragraph_scrape(page.read().decode("utf-8", "replace")))
    scores = {}
    for system, cleaner in (("rules", _workers.rules), ("model", _workers.shipped)):
        article = cleaner.clean(raw, kind="text")
        scores[system] = score = SegmentScore()
        score.add(f"{article.title or ''}\n\n{article.text}", page.keep, page.drop)
    scores["uncleaned"] = score = SegmentScore()
    score.add(raw, page.keep, page.drop)
    return scores


def _print_wcxb(tallies: dict[tuple[str, str, str], Tally]) -> None:
    print(
        "| pages | text as stored | system | P | R | word F1 | `with` kept "
        "| `without` leaked | body lines lost | body words lost |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for group in ("article", "all"):
        for rendering in RENDERINGS:
            for system in SYSTEMS:
                t = tallies[(group, rendering, system)]
                n = t.pages or 1
                print(
                    f"| {group} ({t.pages}) | {rendering} | {system} "
                    f"| {t.p / n:.3f} | {t.r / n:.3f} "
                    f"| {t.f / n:.3f} | {t.with_kept / max(t.with_total, 1):.1%} "
                    f"| {t.without_leaked / max(t.without_total, 1):.1%} "
                    f"| {t.lost / max(t.body_lines, 1):.2%} "
                    f"| {t.lost_words / max(t.body_words, 1):.2%} |"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=WCXB)
    parser.add_argument("--html-eval", type=Path, default=HTML_EVAL)
    parser.add_argument("--folds-dir", type=Path, default=ROOT / "build" / "line-model-folds")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threshold", type=float, default=None, help="override the fold models' threshold"
    )
    parser.add_argument("--skip-html-eval", action="store_true", help="only the wcxb-dev folds")
    args = parser.parse_args(argv)

    tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    segments = {system: SegmentScore() for system in ("uncleaned", "rules", "model")}
    with multiprocessing.Pool(
        args.workers, initializer=_init, initargs=(args.folds_dir, args.threshold)
    ) as pool:
        for results in pool.imap_unordered(
            score_page, iter_pages(args.data, args.limit), chunksize=4
        ):
            for page_type, rendering, system, tally in results:
                tallies[("all", rendering, system)].add(tally)
                if page_type == "article":
                    tallies[("article", rendering, system)].add(tally)
        eval_pages = [] if args.skip_html_eval else iter_eval_pages(args.html_eval, args.limit)
        for scores in pool.imap_unordered(score_eval_page, eval_pages, chunksize=8):
            for system, score in scores.items():
                segments[system].merge(score)
    print(f"wcxb-dev, held-out folds by domain ({args.folds_dir}):\n")
    _print_wcxb(tallies)
    print("\narticles, body lines lost by what removed them (the model; top 8):\n")
    for rendering in RENDERINGS:
        t = tallies[("article", rendering, "model")]
        top = ", ".join(f"{rule} {n}" for rule, n in t.lost_by.most_common(8))
        print(f"- {rendering}: {t.lost} of {t.body_lines}: {top}")
    print("\nhtml-eval, naive <h1> + <p> scrape, segments:\n")
    print("| system | precision | recall | F | must-keep lost | must-drop kept |")
    print("| --- | --- | --- | --- | --- | --- |")
    for system, s in segments.items():
        print(
            f"| {system} | {s.precision:.3f} | {s.recall:.3f} | {s.f_score:.3f} | {s.fn} | {s.fp} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
