"""The `explain` view rebuilt from what the archive stores (datasette_plugin.article_text).

The reference is the classifier itself: `Cleaner.explain` on the same input gives every line's
verdict in order; the article page rebuilds that order from the clean text, the removals and
the raw input only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import SEED_ANSWERS, VIENNA_PAGE

from cleaner.datasette_plugin.article_text import AnnotatedText, TextLine, annotate
from cleaner.model import Removal
from cleaner.pipeline import Cleaner

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEED_ANSWERS)

Shown = tuple[int | None, bool, str, str]  # line, kept, text, rule id ("" when kept)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(time_limit=None)


def shown(annotated: AnnotatedText) -> list[Shown]:
    return [_shown(line) for line in annotated.lines]


def _shown(line: TextLine) -> Shown:
    rule = line.removal.rule_id if line.removal else ""
    return (line.line, line.removal is None, line.text, rule)


def explained(cleaner: Cleaner, data: str) -> list[Shown]:
    """Every non-blank line's verdict, in order, as `cleaner explain` prints them."""
    verdicts = cleaner.explain(data).classification.verdicts
    return [
        (v.line, v.keep, v.text, "" if v.keep else v.rule_id)
        for v in verdicts
        if v.keep or v.category != "blank"
    ]


@pytest.mark.parametrize("name", SEED_FILES)
def test_plain_text_removals_land_where_explain_puts_them(cleaner: Cleaner, name: str) -> None:
    data = (SEEDS / name).read_text("utf-8")
    article = cleaner.clean(data)
    annotated = annotate(article.text, article.removed, data.splitlines())
    assert annotated.placed and annotated.stripped == ()
    assert shown(annotated) == explained(cleaner, data)
    assert any(not kept for _, kept, _, _ in shown(annotated)), "every seed has chrome"


def test_html_lines_are_placed_without_the_raw_lines(cleaner: Cleaner) -> None:
    """Extracted HTML has no blank lines: lines 1..N are the removals and the paragraphs."""
    article = cleaner.clean(VIENNA_PAGE)
    explanation = cleaner.explain(VIENNA_PAGE)
    annotated = annotate(article.text, article.removed, VIENNA_PAGE.splitlines())
    assert annotated.placed
    assert shown(annotated) == explained(cleaner, VIENNA_PAGE)
    assert annotated.stripped == explanation.stripped
    assert [r.rule_id for r in annotated.stripped] == ["widget.share"]
    assert annotated.kept_count == 2
    assert annotated.removed_count == len(article.removed) == 5


def test_a_raw_input_that_does_not_match_leaves_the_removals_unplaced(cleaner: Cleaner) -> None:
    data = (SEEDS / SEED_FILES[0]).read_text("utf-8")
    article = cleaner.clean(data)
    other = (SEEDS / SEED_FILES[1]).read_text("utf-8").splitlines()
    annotated = annotate(article.text, article.removed, other)
    # The seed has blank lines, so its removals do not fit lines 1..N either.
    assert not annotated.placed
    paragraphs = article.text.split("\n\n")
    assert [line.text for line in annotated.lines] == [
        *paragraphs,
        *(removal.text for removal in article.removed),
    ]
    assert all(line.line is None for line in annotated.lines[: len(paragraphs)])


def test_removed_text_must_match_the_raw_line_too() -> None:
    source = ["Subscribe", "", "A kept paragraph of the article, with a full stop."]
    wrong = Removal(line=1, text="Something else", category="paywall", rule_id="paywall.x")
    right = Removal(line=1, text="Subscribe", category="paywall", rule_id="paywall.x")
    text = "A kept paragraph of the article, with a full stop."
    assert [line.line for line in annotate(text, [right], source).lines] == [1, 3]
    # Not the raw input's line 1: the blank-free layout is the only one left (lines 1, 2).
    assert [line.line for line in annotate(text, [wrong], source).lines] == [1, 2]


def test_an_empty_text_shows_only_its_removals() -> None:
    removal = Removal(line=1, text="COMMENTS", category="comments", rule_id="comments.marker")
    annotated = annotate("", [removal], ["COMMENTS"])
    assert annotated.placed and [line.removal for line in annotated.lines] == [removal]
    assert annotated.kept_count == 0
