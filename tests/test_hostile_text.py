"""Hostile text: no rule pattern backtracks catastrophically, and 1 MB single lines clean fast.

Figures are wall-clock on a shared machine, so the budgets are generous multiples of what the
code needs (a few ms per pattern, well under 0.2 s per 1 MB line)."""

from __future__ import annotations

import time

import pytest

import cleaner
from cleaner.rules import load_ruleset

RULES = load_ruleset([]).rules

HOSTILE = {
    "trigger-words": "subscribe " * 10_000,
    "cookie-banner-words": "we use cookies " * 7_000,
    "period-run": "." * 100_000,
    "punctuation-run": ",.;:!?-|/" * 11_000,
    "a-space-run": "a " * 50_000,
    "letter-run": "a" * 100_000,
    "capitalised-words": "Aa " * 33_000,
    "digit-run": "1" * 100_000,
    "byline-like": "By Jane " * 12_000,
    "pipe-menu": "News | " * 15_000,
    "credit-like": "Photo: " + "x/" * 50_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_pattern_is_linear_on_100kb_hostile_strings(name: str) -> None:
    # the patterns directly, without the max_words / length guards that normally protect them
    text = HOSTILE[name]
    slowest = 0.0
    for rule in RULES:
        start = time.perf_counter()
        rule.pattern.search(text)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 0.5, f"a pattern took {slowest:.2f}s on {name}"


@pytest.fixture(scope="module")
def warm_cleaner() -> cleaner.Cleaner:
    instance = cleaner.Cleaner()
    instance.clean("A warm-up sentence for the language model and the rules.")
    return instance


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_one_megabyte_single_line_cleans_well_under_a_second(
    warm_cleaner: cleaner.Cleaner, name: str
) -> None:
    line = (HOSTILE[name] * 11)[:1_000_000]
    start = time.perf_counter()
    article = warm_cleaner.clean(line)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{name}: {elapsed:.2f}s"
    assert len(article.text) + sum(len(r.text) for r in article.removed) >= 900_000


def test_many_short_hostile_lines_clean_fast(warm_cleaner: cleaner.Cleaner) -> None:
    text = "\n".join(["Subscribe", "• Share", "a a a a", "....", "COMMENTS"] * 20_000)
    start = time.perf_counter()
    warm_cleaner.clean(text)
    assert time.perf_counter() - start < 10.0
