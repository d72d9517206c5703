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

Last, a removed line that carries on the sentence of the kept line above it stays (a
paragraph the source wrapped across lines), and so does a line ending with a colon that only
a guess removed, above a kept line (`Key points:` over a kept list).

Precision first: when in doubt a line is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cleaner.classify.evidence import RuleEvidence, rule_evidence
from cleaner.classify.layout import title_text
from cleaner.classify.lines import (
    BLANK,
    BODY,
    DEFAULT_CONFIG,
    Classification,
    ClassifierConfig,
    LineVerdict,
    blank_verdict,
)
from cleaner.classify.model_pass import apply_line_model
from cleaner.classify.passes import keep_continuations, keep_introductions
from cleaner.linemodel.model import LineModel
from cleaner.model import Removal
from cleaner.rules import RuleSet

# No article has this many lines: a longer text is hostile or a dump, and the rules alone
# decide it (they are linear in its size; the model's explanations are not cheap).
MAX_MODEL_LINES = 5000


def classify(
    lines: Sequence[str],
    ruleset: RuleSet,
    *,
    known_title: str | None = None,
    site_template: Mapping[str, str] | None = None,
    config: ClassifierConfig = DEFAULT_CONFIG,
    line_model: LineModel | None = None,
) -> Classification:
    """Classify every line; return the kept paragraphs, the title and what was removed why.

    `known_title` (HTML path) is the title from metadata: the headline is not guessed, a leading
    line equal to it is removed. `site_template` maps `normalise_line` keys of lines known to
    recur across a site's articles to the evidence shown as the reason. `line_model`: the
    learned model decides the lines the rules are not sure of (see `model_pass`).
    """
    evidence = rule_evidence(
        lines, ruleset, known_title=known_title, site_template=site_template, config=config
    )
    decided, title_index = evidence.decided, evidence.layout.title_index
    if line_model is not None and 0 < len(evidence.present) <= MAX_MODEL_LINES:
        decision = apply_line_model(evidence, line_model, config)
        decided, title_index = decision.verdicts, decision.title_index
    decided = keep_introductions(
        evidence.present, keep_continuations(evidence.present, dict(decided))
    )
    verdicts = tuple(
        decided[index] if index in decided else blank_verdict(index) for index in range(len(lines))
    )
    return Classification(
        paragraphs=tuple(v.text for v in verdicts if v.keep),
        title=title_text(evidence.present, title_index, known_title),
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
    "RuleEvidence",
    "classify",
    "rule_evidence",
]
