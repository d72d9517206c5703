"""Pass 1 (each line alone, plus its position) and pass 2 (uncertain body lines, by their
neighbours) of the rule classifier."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from dataclasses import replace

from cleaner.classify.layout import Layout, is_lead_in
from cleaner.classify.lines import (
    BODY,
    STRUCTURAL,
    ClassifierConfig,
    Line,
    LineVerdict,
    drop,
    keep,
)
from cleaner.linemodel.model import MODEL_ID
from cleaner.text import CLOSERS, continues_sentence

_OPENING_QUOTES = "\"„“”‚‘«»‹›'"
CONTINUED_ID = "keep.continued"
INTRODUCES_ID = "keep.introduces"
# The verdicts a kept line below can overturn: guesses of structure and the model, not rules.
_GUESSES = (*STRUCTURAL, MODEL_ID)


def first_pass(line: Line, layout: Layout, config: ClassifierConfig) -> LineVerdict | None:
    """The verdict of a line from its own signals and its position, or None if uncertain."""
    if layout.cut is not None and line.index > layout.cut:
        return drop(
            line,
            "comments",
            "structure.after-comments",
            f"after the comment-section marker on line {layout.cut + 1}",
        )
    if line.index == layout.title_index:
        if layout.title_from_metadata:
            return drop(
                line, "headline", "metadata.title", "same as the title in the page metadata"
            )
        return drop(
            line,
            "headline",
            "structure.headline",
            "the headline: returned as the title, not part of the body",
        )
    for rule in line.hits:
        if layout.allows(rule, line.index):
            return drop(line, rule.category, rule.id, rule.reason)
    if line.template is not None:
        return drop(line, "site-template", "template.site", line.template)
    repeat = layout.repeats.get(line.index)
    if repeat == "short":
        return drop(
            line,
            "caption",
            "structure.repeated-line",
            "the same short line twice in a row (a caption or byline printed twice)",
        )
    if repeat == "copy":
        return drop(
            line,
            "duplicate",
            "structure.repeated-line",
            "the list item just above printed again: the second copy adds nothing",
        )
    if repeat == "prose":
        return drop(
            line,
            "duplicate",
            "structure.repeated-paragraph",
            "repeats the paragraph just before it",
        )
    if line.prose:
        return keep(line, "keep.prose", "prose: enough words and sentence punctuation")
    if not layout.has_body() or layout.in_body(line.index):
        return None
    return _edge_verdict(line, layout, config)


def _edge_verdict(line: Line, layout: Layout, config: ClassifierConfig) -> LineVerdict:
    """A non-prose line of the head (before the first prose paragraph) or the tail."""
    where = "before the first" if layout.in_head(line.index) else "after the last"
    rule_id = "structure.head-chrome" if layout.in_head(line.index) else "structure.tail-chrome"
    if line.index in layout.listed:
        return keep(
            line,
            "keep.listed",
            "item of the list or table that a lead-in (ending with a colon) introduces",
        )
    if line.bullet and line.words <= config.bullet_max_words and not line.punctuated:
        return drop(
            line,
            "widget",
            "structure.bullet-fragment",
            f"bulleted fragment {where} prose paragraph",
        )
    if line.punctuated:
        return keep(line, "keep.short-sentence", "short sentence (ends with punctuation)")
    if _is_quotation(line.text):
        return keep(line, "keep.quotation", "quoted words")
    if is_lead_in(line, config):
        return keep(line, "keep.lead-in", "sentence leading in to what follows (ends with a colon)")
    if layout.title_index is not None and line.index < layout.title_index:
        return drop(
            line,
            "chrome",
            "structure.before-headline",
            "line without a sentence before the headline",
        )
    if line.words <= config.chrome_max_words:
        return drop(
            line,
            "chrome",
            rule_id,
            f"short line without sentence punctuation {where} prose paragraph",
        )
    return keep(
        line,
        "keep.long-line",
        f"no sentence punctuation, but longer than {config.chrome_max_words} words "
        "(too long for site chrome)",
    )


def _is_quotation(text: str) -> bool:
    return len(text) > 2 and text[0] in _OPENING_QUOTES and text[-1] in CLOSERS


def second_pass(
    present: list[Line],
    first: Mapping[int, LineVerdict | None],
    layout: Layout,
    config: ClassifierConfig,
) -> dict[int, LineVerdict]:
    """Decide the uncertain lines from the nearest lines decided in pass 1 on each side (the
    headline does not count as a neighbour, nor a list item's second copy: it says nothing
    of the list)."""
    settled = [
        line.index
        for line in present
        if first[line.index] is not None
        and line.index != layout.title_index
        and layout.repeats.get(line.index) != "copy"
    ]
    decided: dict[int, LineVerdict] = {}
    for line in present:
        verdict = first[line.index]
        if verdict is None:
            before = _nearest(settled, line.index, first, before=True)
            after = _nearest(settled, line.index, first, before=False)
            verdict = _context_verdict(line, before, after, config)
        decided[line.index] = verdict
    return decided


def _nearest(
    settled: list[int], index: int, decided: Mapping[int, LineVerdict | None], *, before: bool
) -> LineVerdict | None:
    at = bisect.bisect_left(settled, index)
    pick = at - 1 if before else at
    if 0 <= pick < len(settled):
        return decided[settled[pick]]
    return None


def _context_verdict(
    line: Line, before: LineVerdict | None, after: LineVerdict | None, config: ClassifierConfig
) -> LineVerdict:
    neighbours = [v for v in (before, after) if v is not None]
    if not neighbours:
        return keep(line, "keep.no-prose", "no prose paragraph found: kept to be safe")
    if all(not v.keep for v in neighbours) and line.words <= config.chrome_max_words:
        category = neighbours[0].category
        return drop(
            line,
            category,
            "context.between-removed",
            f"short line between removed lines ({' / '.join(v.category for v in neighbours)})",
        )
    if all(v.keep for v in neighbours):
        return keep(line, "keep.between-prose", "short line between kept paragraphs")
    return keep(line, "keep.near-prose", "short line next to a kept paragraph")


def keep_continuations(
    present: list[Line], verdicts: dict[int, LineVerdict]
) -> dict[int, LineVerdict]:
    """The last pass: a removed line stays when it carries on the sentence of the kept line
    just above it (`… according to the transport` / `newsletter.`, a paragraph the source
    wrapped across lines): half a sentence is never chrome, whatever a rule or the model
    made of it alone."""
    above: Line | None = None
    for line in present:
        verdict = verdicts[line.index]
        if (
            not verdict.keep
            and verdict.category != "headline"
            and above is not None
            and above.index == line.index - 1
            and verdicts[above.index].keep
            and continues_sentence(above.text, line.text)
        ):
            verdicts[line.index] = _overturned(
                verdict, CONTINUED_ID, "carries on the sentence of the kept line above it"
            )
        above = line
    return verdicts


def keep_introductions(
    present: list[Line], verdicts: dict[int, LineVerdict]
) -> dict[int, LineVerdict]:
    """A line ending with a colon that only a guess removed (structure or the model, not a rule
    pack) stays when the line after it is kept: it introduces what follows (`Key points:` above
    a kept list)."""
    for line, after in itertools.pairwise(present):
        verdict = verdicts[line.index]
        if (
            not verdict.keep
            and verdict.rule_id.startswith(_GUESSES)
            and line.text.endswith(":")
            and verdicts[after.index].keep
        ):
            verdicts[line.index] = _overturned(
                verdict, INTRODUCES_ID, "introduces the kept line after it"
            )
    return verdicts


def _overturned(verdict: LineVerdict, rule_id: str, why: str) -> LineVerdict:
    """A removal the last pass turns into a keep, its reason naming what removed it alone."""
    return replace(
        verdict,
        keep=True,
        category=BODY,
        rule_id=rule_id,
        reason=f"{why} ({verdict.rule_id} would have removed it alone)",
    )
