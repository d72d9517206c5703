"""The line classifier: decides for every line of an article whether it is body or boilerplate,
and says why.

Two passes, in the spirit of jusText:

1. Each line alone. A rule-pack hit (whose `position` fits where the line sits), a site-template
   line, a short line printed twice in a row, a bullet fragment outside the body, or anything
   after a comment-section marker at the tail is *bad*; a prose-like line (enough words and
   sentence punctuation, or simply long) is *good*; the rest is *uncertain*.
2. Position and neighbours. The article body runs from the first to the last prose line that no
   rule touched (the *anchors*); site chrome lives before it (the head) and after it (the
   tail). Short unpunctuated lines of the head and tail are chrome; uncertain lines inside the
   body are kept unless removed lines surround them on both sides (subheadings survive).

Precision first: when in doubt a line is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cleaner.classify.layout import layout_of, title_text
from cleaner.classify.lines import (
    BLANK,
    BODY,
    DEFAULT_CONFIG,
    Classification,
    ClassifierConfig,
    LineVerdict,
    analyse,
    blank_verdict,
)
from cleaner.classify.passes import first_pass, second_pass
from cleaner.model import Removal
from cleaner.rules import Rule, RuleSet


def classify(
    lines: Sequence[str],
    ruleset: RuleSet,
    *,
    known_title: str | None = None,
    site_template: Mapping[str, str] | None = None,
    config: ClassifierConfig = DEFAULT_CONFIG,
) -> Classification:
    """Classify every line; return the kept paragraphs, the title and what was removed why.

    `known_title` (HTML path) is the title from metadata: the headline is not guessed, a leading
    line equal to it is removed. `site_template` maps `normalise_line` keys of lines known to
    recur across a site's articles to the evidence shown as the reason.
    """
    template = site_template or {}
    hits_memo: dict[str, tuple[Rule, ...]] = {}  # repeated lines are matched once per call
    present = [
        info
        for index, raw in enumerate(lines)
        if (info := analyse(index, raw, ruleset, template, config, hits_memo)) is not None
    ]
    layout = layout_of(present, known_title, config)
    first = {line.index: first_pass(line, layout, config) for line in present}
    decided = second_pass(present, first, layout, config)
    verdicts = tuple(
        decided[index] if index in decided else blank_verdict(index) for index in range(len(lines))
    )
    title = title_text(present, layout, known_title)
    return Classification(
        paragraphs=tuple(v.text for v in verdicts if v.keep),
        title=title,
        removed=tuple(
            Removal(
                line=v.line, text=v.text, category=v.category, rule_id=v.rule_id, reason=v.reason
            )
            for v in verdicts
            if not v.keep and v.category != BLANK
        ),
        verdicts=verdicts,
    )


__all__ = [
    "BLANK",
    "BODY",
    "DEFAULT_CONFIG",
    "Classification",
    "ClassifierConfig",
    "LineVerdict",
    "classify",
]
