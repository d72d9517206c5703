#!/usr/bin/env python3
"""Measure title, author and published date against the wcxb-dev ground truth.

Three systems run on the same pages of `shared/dev/wcxb-dev` (the first such folder beside the
checkout or a folder above it, so a git worktree finds it too; `--data` or $CLEANER_WCXB_DATA
to point elsewhere), in one process:

- plain trafilatura on the HTML (`trafilatura.extract_metadata` with its defaults),
- cleaner on the HTML (`Cleaner().clean(page_bytes, url=...)`),
- cleaner on the paragraph-scraped text (`kind="text"`, no URL): what a naive scraper stores —
  the first `<h1>` (else `<title>`), then in document order the text of every `<p>`, and of
  every `<h2>`, `<h3>` and `<li>` inside `<article>` or `<main>`, one block per element
  (`cleaner.linemodel.render.paragraph_scrape`).

Scores, over the pages whose ground truth has the field: **title** exact after casefolding and
dropping punctuation; **date** the same day; **author** every word of the true author present
in the system's author (conjunctions aside: "A and B" is found as "A; B"). `spurious` counts
the pages without a true author where the system names one. Printed as markdown tables for
articles and for all page types, with the ceiling of the scraped text: the share of articles
whose text has a line holding every word of the true author, and a short line stating the
true date (as `cleaner.metadata.dates.written_date` reads it, in English and the detected
language). `--show-misses` prints, for the scraped text, those lines beside each miss.

Usage:
    .venv/bin/python scripts/eval_metadata.py [--data DIR] [--limit N] [--types article]
        [--show-misses title|date|author] [--system NAME] [--top N]

`--data` defaults to $CLEANER_WCXB_DATA, else the first `shared/dev/wcxb-dev` beside the
checkout or a folder above it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import XMLParsedAsHTMLWarning
from trafilatura import extract_metadata

from cleaner import Cleaner
from cleaner.errors import CleanerError
from cleaner.linemodel.render import paragraph_scrape
from cleaner.metadata.dates import written_date
from cleaner.model import Article

_CHECKOUT = Path(__file__).resolve().parent.parent
_SET = Path("shared") / "dev" / "wcxb-dev"
DEFAULT_DATA = Path(
    os.environ.get("CLEANER_WCXB_DATA")
    or next(
        (found for folder in _CHECKOUT.parents if (found := folder / _SET).is_dir()),
        _CHECKOUT.parent / _SET,
    )
)
FIELDS = ("title", "date", "author")
SYSTEMS = ("plain trafilatura (HTML)", "cleaner (HTML)", "cleaner (paragraph-scraped text)")
_WORD = re.compile(r"\w+")
# Words that join authors are not words of their names ("A and B" is right as "A; B").
_CONJUNCTIONS = frozenset({"and", "und", "et", "y"})
# A dateline line of the scraped text is short; the ceiling reads no longer ones.
_MAX_DATELINE_WORDS = 40


@dataclass(frozen=True)
class TruthPage:
    """One page of the set with its true metadata (None where the ground truth has none)."""

    id: str
    url: str
    page_type: str
    path: Path
    title: str | None
    author: str | None
    date: str | None

    def read(self) -> bytes:
        return gzip.decompress(self.path.read_bytes())


@dataclass(frozen=True)
class Guess:
    title: str | None
    author: str | None
    date: str | None
    language: str | None = None


def iter_truth(folder: Path, types: set[str] | None, limit: int | None) -> Iterator[TruthPage]:
    files = json.loads((folder / "pages.json").read_text(encoding="utf-8"))["files"]
    count = 0
    for page_id in sorted(files):
        entry = files[page_id]
        if types and entry["page_type"] not in types:
            continue
        if limit is not None and count >= limit:
            return
        truth = json.loads((folder / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
        gold = truth["ground_truth"]
        count += 1
        yield TruthPage(
            id=page_id,
            url=entry["url"],
            page_type=entry["page_type"],
            path=folder / "html" / f"{page_id}.html.gz",
            title=gold.get("title") or None,
            author=gold.get("author") or None,
            date=gold.get("publish_date") or None,
        )


def scraped_text(html: bytes) -> str:
    """The naive scraper's text of a page (see the module docstring)."""
    return "\n\n".join(paragraph_scrape(html.decode("utf-8", "replace")))


def guesses(page: TruthPage, cleaner: Cleaner, text: str) -> dict[str, Guess]:
    """Each system's guess; `text` is the page's scraped text."""
    html = page.read()
    plain = extract_metadata(html.decode("utf-8", "replace"), default_url=page.url)
    return {
        SYSTEMS[0]: Guess(plain.title, plain.author, plain.date),
        SYSTEMS[1]: _cleaner_guess(cleaner, html, url=page.url, kind=None),
        SYSTEMS[2]: _cleaner_guess(cleaner, text, url=None, kind="text"),
    }


def _cleaner_guess(
    cleaner: Cleaner, data: str | bytes, *, url: str | None, kind: str | None
) -> Guess:
    try:
        article: Article = cleaner.clean(data, url=url, kind=kind)  # type: ignore[arg-type]
    except CleanerError:  # no article text: nothing found
        return Guess(None, None, None)
    return Guess(article.title, article.author, article.published, article.language)


def _title_key(text: str) -> str:
    kept = (c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum() or c == " ")
    return " ".join("".join(kept).split())


def field_hit(name: str, truth: str, guess: str | None) -> bool:
    if not guess:
        return False
    if name == "title":
        return _title_key(truth) == _title_key(guess)
    if name == "date":
        return guess[:10] == truth[:10]
    return _author_words(truth) <= set(_WORD.findall(guess.casefold()))


def _author_words(author: str) -> set[str]:
    return set(_WORD.findall(author.casefold())) - _CONJUNCTIONS


def evidence(page: TruthPage, text: str, language: str | None) -> dict[str, list[str]]:
    """The lines of the scraped text that state the true author (all of its words) and the
    true date (a short line whose date is that day): what the text path can find at best."""
    lines = text.split("\n\n")
    found: dict[str, list[str]] = {"author": [], "date": []}
    if page.author:
        wanted = _author_words(page.author)
        found["author"] = [line for line in lines if wanted <= set(_WORD.findall(line.casefold()))]
    if page.date:
        languages = [code for code in (language, "en") if code]
        found["date"] = [
            line
            for line in lines
            if len(line.split()) <= _MAX_DATELINE_WORDS
            and page.date[:4] in line
            and written_date(line, languages) == page.date[:10]
        ]
    return found


@dataclass
class Tally:
    hits: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    spurious: int = 0
    no_author: int = 0
    misses: dict[str, list[tuple[str, str, str | None, list[str]]]] = field(default_factory=dict)
    # pages whose scraped text states the true value somewhere (the text path's ceiling)
    stated: Counter[str] = field(default_factory=Counter)

    def add(self, page: TruthPage, guess: Guess, lines: dict[str, list[str]]) -> None:
        for name in FIELDS:
            truth = getattr(page, name)
            if truth is None:
                continue
            self.totals[name] += 1
            self.stated[name] += bool(lines.get(name))
            if field_hit(name, truth, getattr(guess, name)):
                self.hits[name] += 1
            else:
                miss = (page.id, truth, getattr(guess, name), lines.get(name, []))
                self.misses.setdefault(name, []).append(miss)
        if page.author is None:
            self.no_author += 1
            self.spurious += bool(guess.author)

    def share(self, name: str) -> str:
        total = self.totals[name]
        return f"{self.hits[name] / total:.3f}" if total else "–"


def print_table(label: str, tallies: dict[str, Tally], pages: int) -> None:
    print(f"\n{label} ({pages} pages)\n")
    print("| input | system | title | date | author | spurious author |")
    print("| --- | --- | --- | --- | --- | --- |")
    for system in SYSTEMS:
        tally = tallies[system]
        kind, name = ("HTML", system) if "HTML" in system else ("paragraph-scraped text", system)
        name = name.split(" (")[0]
        spurious = f"{tally.spurious}/{tally.no_author}"
        print(
            f"| {kind} | {name} | {tally.share('title')} | {tally.share('date')} | "
            f"{tally.share('author')} | {spurious} |"
        )
    totals, stated = tallies[SYSTEMS[0]].totals, tallies[SYSTEMS[2]].stated
    print(
        f"\npages with a true title {totals['title']}, date {totals['date']}, "
        f"author {totals['author']}; the scraped text states the date on "
        f"{stated['date'] / max(totals['date'], 1):.3f} of them, the author on "
        f"{stated['author'] / max(totals['author'], 1):.3f} (the text path's ceiling)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--types", default="", help="page types, comma-separated (default all)")
    parser.add_argument("--show-misses", choices=FIELDS, default=None)
    parser.add_argument("--system", choices=SYSTEMS, default=SYSTEMS[1])
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    if not (args.data / "pages.json").is_file():
        parser.error(f"{args.data}: not the wcxb-dev set (no pages.json); use --data DIR")
    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

    cleaner = Cleaner(time_limit=None)
    types = {t for t in args.types.split(",") if t} or None
    articles = {system: Tally() for system in SYSTEMS}
    everything = {system: Tally() for system in SYSTEMS}
    counts = Counter[str]()
    for page in iter_truth(args.data, types, args.limit):
        text = scraped_text(page.read())
        found = guesses(page, cleaner, text)
        lines = evidence(page, text, found[SYSTEMS[2]].language)
        counts["all"] += 1
        counts["article"] += page.page_type == "article"
        for system, guess in found.items():
            stated = lines if system == SYSTEMS[2] else {}
            everything[system].add(page, guess, stated)
            if page.page_type == "article":
                articles[system].add(page, guess, stated)
    print(f"metadata of {args.data}")
    if counts["article"]:
        print_table("articles", articles, counts["article"])
    if counts["all"] != counts["article"]:
        print_table("all page types", everything, counts["all"])
    if args.show_misses:
        misses = articles[args.system].misses.get(args.show_misses, [])
        print(f"\n{args.system}: {args.show_misses} misses on articles ({len(misses)})")
        for page_id, truth, guessed, stating in misses[: args.top]:
            print(f"  {page_id}  {truth[:70]!r}  ←  {(guessed or '')[:90]!r}")
            for line in stating[:2]:  # where the scraped text states it
                print(f"        in the text: {line[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
