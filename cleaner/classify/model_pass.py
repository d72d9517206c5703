"""The line model's pass: it decides the lines the rules are not sure of, and the headline.

Rule packs decide alone (they are explicit evidence with their own examples), and so does a
short line printed twice in a row (a caption or byline printed twice). Any other structural
guess of the rule classifier (head and tail chrome, lines after the comments, ...) stands while
the model agrees the line is likely chrome (`RESCUE_BELOW`): the model sees the guesses as
features and was trained on where they go wrong. Every other line is removed when
its boilerplate probability reaches the model's threshold. On held-out pages this loses fewer
of the articles' words than the rules (see the README). The rules' headline stands unless
the model is sure it is chrome; then the headline is the first title-like line before the body
that the model keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cleaner.classify.evidence import RuleEvidence
from cleaner.classify.layout import title_like
from cleaner.classify.lines import BODY, STRUCTURAL, ClassifierConfig, Line, LineVerdict
from cleaner.linemodel.model import MODEL_ID, LineModel

BOILERPLATE = "boilerplate"
MAX_EXPLAINED = 2000  # model removals per document whose reasons name the contributions
# A line a structural guess removes is kept unless the model, too, calls it likely chrome.
# At 0.7 rather than 0.5 (held-out folds, model 42c68b5803c9): an article's closing list or
# subheading that the model doubts stays; article words lost 0.39% -> 0.37% (visible text),
# all page types 1.64% -> 1.31%, for 0.003 of article word F1.
RESCUE_BELOW = 0.7
# Verdicts drawn from the neighbours alone, not from the line: the model, which sees the
# neighbours too, decides these lines (a table between an ad and a "Read more" line).
NEIGHBOUR_VERDICTS = frozenset({"context.between-removed"})
# Structural verdicts as sure as a rule pack: the second copy of a line adds nothing.
STANDING_VERDICTS = frozenset({"structure.repeated-line"})
# The rules' headline stands unless the model is this sure it is chrome.
HEADLINE_CHROME = 0.9
HEADLINE_ID = "structure.headline"


@dataclass(frozen=True)
class ModelDecision:
    verdicts: dict[int, LineVerdict]  # input index → final verdict
    title_index: int | None


def apply_line_model(
    evidence: RuleEvidence, model: LineModel, config: ClassifierConfig
) -> ModelDecision:
    rows, scores = model.scores(evidence.facts())
    threshold = model.threshold
    title_index = _headline(evidence, scores, threshold, config)
    verdicts: dict[int, LineVerdict] = {}
    removed_rows: list[int] = []
    for k, line in enumerate(evidence.present):
        rule_verdict = evidence.decided[line.index]
        score = float(scores[k])
        if line.index == title_index:
            verdicts[line.index] = _headline_verdict(line, rule_verdict, score)
        elif (
            not rule_verdict.keep
            and rule_verdict.rule_id != HEADLINE_ID  # the model moved the headline: its call
            and rule_removal_stands(rule_verdict.rule_id, score, model.sure_rules)
        ):
            verdicts[line.index] = replace(rule_verdict, score=score)
        elif score >= threshold:
            removed_rows.append(k)
        else:
            verdicts[line.index] = LineVerdict(
                line.index + 1, line.text, True, BODY, MODEL_ID, f"p={score:.2f}", score
            )
    explained = removed_rows[:MAX_EXPLAINED]  # contributions cost: bounded per document
    texts = [evidence.present[k].text for k in explained]
    reasons = model.reasons(rows[explained], scores[explained], texts) + [
        f"p={scores[k]:.2f}: boilerplate (contributions shown for the first "
        f"{MAX_EXPLAINED:,} removals only)"
        for k in removed_rows[MAX_EXPLAINED:]
    ]
    for k, reason in zip(removed_rows, reasons, strict=True):
        line = evidence.present[k]
        category = _category(line, evidence.decided[line.index])
        verdicts[line.index] = LineVerdict(
            line.index + 1, line.text, False, category, MODEL_ID, reason, float(scores[k])
        )
    return ModelDecision(verdicts, title_index)


def rule_removal_stands(rule_id: str, score: float, sure_rules: frozenset[str]) -> bool:
    """A rule pack's removal (built-in or the user's own) always stands: it is explicit
    evidence with its own examples. A structural guess stands unless it only looked at the
    neighbours, or the model doubts it is chrome (`score` below `RESCUE_BELOW`)."""
    if rule_id in sure_rules or rule_id in STANDING_VERDICTS or not rule_id.startswith(STRUCTURAL):
        return True
    return rule_id not in NEIGHBOUR_VERDICTS and score >= RESCUE_BELOW


def _category(line: Line, rule_verdict: LineVerdict) -> str:
    """The category of the strongest rule evidence, else `boilerplate`."""
    if line.hits:
        return line.hits[0].category
    if line.template is not None:
        return "site-template"
    if not rule_verdict.keep and rule_verdict.category not in ("chrome", "headline", BODY):
        return rule_verdict.category
    return BOILERPLATE


def _headline(
    evidence: RuleEvidence, scores: np.ndarray, threshold: float, config: ClassifierConfig
) -> int | None:
    """The rules' headline if the model does not call it chrome, else the first title-like
    line before the first body paragraph that the model keeps."""
    layout = evidence.layout
    if layout.title_from_metadata:
        return layout.title_index
    positions = {line.index: k for k, line in enumerate(evidence.present)}
    if layout.title_index is not None and scores[positions[layout.title_index]] < HEADLINE_CHROME:
        return layout.title_index
    for k, line in enumerate(evidence.present):
        kept = scores[k] < threshold
        if line.prose and kept and line.index != layout.title_index:
            return None  # the body began without a headline
        if (
            kept
            and title_like(line, config)
            and line.words >= config.headline_min_words
            and not line.hits
            and line.template is None
            and line.index not in layout.repeats
        ):
            return line.index
    return None


def _headline_verdict(line: Line, rule_verdict: LineVerdict, score: float) -> LineVerdict:
    if rule_verdict.category == "headline":
        return replace(rule_verdict, score=score)
    return LineVerdict(
        line.index + 1,
        line.text,
        False,
        "headline",
        HEADLINE_ID,
        "the headline: returned as the title, not part of the body",
        score,
    )
