"""How three FTS5 setups find CJK words (not a test): unicode61 on the text (what every article
had before the CJK index), the trigram tokenizer on the text, and unicode61 on the bigram form
(`cleaner.fulltext.bigrams`, what the CJK index holds).

The documents are the paragraphs the cleaner keeps of the eval set's pages written mostly in CJK
script (Chinese and Japanese news). The queries are substrings of 1 to 4 CJK characters drawn
at random from those paragraphs (fixed seed), standing in for words, which CJK writes without
spaces. For each setup and length: recall (share of the paragraphs holding the substring that
are found), precision (share of the paragraphs found that hold it), and the index's bytes per
CJK character.

    .venv/bin/python scripts/eval_cjk_search.py
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import unicodedata
from pathlib import Path

from evalset import DEFAULT_DATA, iter_pages

import cleaner
from cleaner.fulltext.bigrams import bigram_form
from cleaner.fulltext.query import build_fts_query
from cleaner.text import CJK_CHAR, cjk_count

MIN_CJK_SHARE = 0.3  # of a page's cleaned text: a CJK-script page
MIN_PAGE_CJK = 500  # CJK characters in the raw page, before cleaning it at all
QUERIES_PER_LENGTH = 200
LENGTHS = (1, 2, 3, 4)
SETUPS = {  # name: (tokenizer, the document's form, the query's form)
    "unicode61 (before)": ("unicode61", lambda t: t, lambda q: f'"{q}"'),
    "trigram": ("trigram", lambda t: t, lambda q: f'"{q}"'),
    "bigrams (CJK index)": ("unicode61 remove_diacritics 2", bigram_form, build_fts_query),
}


def cjk_paragraphs(data: Path) -> list[str]:
    paragraphs = []
    for page in iter_pages(data):
        raw = page.read()
        if cjk_count(raw.decode("utf-8", "replace")) < MIN_PAGE_CJK:
            continue
        text = cleaner.clean(raw, url=page.url).text
        if cjk_count(text) >= MIN_CJK_SHARE * max(len(text), 1):
            paragraphs += [unicodedata.normalize("NFKC", p) for p in text.split("\n") if p]
    return paragraphs


def sample_queries(paragraphs: list[str], length: int, rng: random.Random) -> list[str]:
    """Random substrings of `length` CJK characters."""
    queries: list[str] = []
    while len(queries) < QUERIES_PER_LENGTH:
        paragraph = rng.choice(paragraphs)
        start = rng.randrange(max(len(paragraph) - length + 1, 1))
        candidate = paragraph[start : start + length]
        if len(candidate) == length and all(CJK_CHAR.match(ch) for ch in candidate):
            queries.append(candidate)
    return queries


def evaluate(paragraphs: list[str], queries: dict[int, list[str]]) -> None:
    cjk_chars = sum(cjk_count(p) for p in paragraphs)
    print(f"{len(paragraphs)} paragraphs, {cjk_chars} CJK characters")
    for name, (tokenizer, document, query) in SETUPS.items():
        conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, tokenize='{tokenizer}')")
        conn.executemany("INSERT INTO t (rowid, text) VALUES (?, ?)",
                         [(i, document(p)) for i, p in enumerate(paragraphs)])  # fmt: skip
        conn.execute("INSERT INTO t (t) VALUES ('optimize')")
        (size,) = conn.execute("SELECT sum(length(block)) FROM t_data").fetchone()
        scores = []
        for length, wanted in queries.items():
            found = relevant = hits = 0
            for text in wanted:
                holding = {i for i, p in enumerate(paragraphs) if text in p}
                got = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?",
                                                  [query(text)])}  # fmt: skip
                found, relevant, hits = (
                    found + len(got & holding),
                    relevant + len(holding),
                    (hits + len(got)),
                )
            precision = f"{found / hits:.2f}" if hits else "-"
            scores.append(f"{length}: recall {found / relevant:.2f} precision {precision}")
        print(f"  {name:22} {size / cjk_chars:5.1f} bytes/char  " + " | ".join(scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    paragraphs = cjk_paragraphs(args.data)
    rng = random.Random(20_000)
    evaluate(paragraphs, {length: sample_queries(paragraphs, length, rng) for length in LENGTHS})


if __name__ == "__main__":
    main()
