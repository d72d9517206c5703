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

import bisect
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cleaner.model import Removal
from cleaner.rules import Rule, RuleSet, line_core
from cleaner.rules.stopwords import has_stopword
from cleaner.text import CLOSERS, ends_sentence, normalise_line, word_count

BLANK = "blank"
BODY = "body"
_OPENING_QUOTES = "\"„“”‚‘«»‹›'"
_BULLET_MARKS = "•·▪▫◦‣►▸▶"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class LineVerdict:
    """The decision on one input line (1-based `line`), blank lines included."""

    line: int
    text: str
    keep: bool
    category: str
    rule_id: str
    reason: str


@dataclass(frozen=True)
class Classification:
    paragraphs: tuple[str, ...]
    title: str | None
    removed: tuple[Removal, ...]
    verdicts: tuple[LineVerdict, ...] = ()


@dataclass(frozen=True)
class ClassifierConfig:
    """Thresholds of the structural signals (word counts)."""

    prose_min_words: int = 4  # a punctuated line with a function word and this many words is prose
    prose_sure_words: int = 8  # a punctuated line this long is prose, function words or not
    long_line_words: int = 25  # a line this long is prose whatever its punctuation
    chrome_max_words: int = 12  # unpunctuated head/tail lines up to this long are site chrome
    repeat_max_words: int = 40  # a line printed twice in a row up to this long is a caption
    bullet_max_words: int = 8  # bulleted fragments up to this long outside the body are widgets
    headline_min_words: int = 3
    headline_max_words: int = 30
    comments_min_prose: int = 2  # prose paragraphs needed before a comment marker ends the article
    comments_min_share: float = 0.3  # ... and the share of the prose words they must hold


DEFAULT_CONFIG = ClassifierConfig()


@dataclass(frozen=True)
class _Line:
    """Features of one non-blank line, computed once."""

    index: int  # 0-based position in the input
    text: str  # whitespace collapsed
    words: int
    punctuated: bool
    prose: bool
    bullet: bool
    hits: tuple[Rule, ...]
    template: str | None


@dataclass(frozen=True)
class _Layout:
    """Where the body is, and which lines are special."""

    first_anchor: int | None
    last_anchor: int | None
    cut: int | None  # index of the comment marker that ends the article
    title_index: int | None
    title_from_metadata: bool
    repeats: Mapping[int, str]

    def in_head(self, index: int) -> bool:
        return self.first_anchor is None or index < self.first_anchor

    def in_tail(self, index: int) -> bool:
        return self.last_anchor is None or index > self.last_anchor

    def in_body(self, index: int) -> bool:
        return not (self.in_head(index) or self.in_tail(index))

    def has_body(self) -> bool:
        return self.first_anchor is not None

    def allows(self, rule: Rule, index: int) -> bool:
        if rule.position == "any":
            return True
        if rule.position == "head":
            return self.in_head(index)
        if rule.position == "tail":
            return self.in_tail(index)
        return self.in_head(index) or self.in_tail(index)


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
        if (info := _analyse(index, raw, ruleset, template, config, hits_memo)) is not None
    ]
    layout = _layout(present, known_title, config)
    first = {line.index: _first_pass(line, layout, config) for line in present}
    decided = _second_pass(present, first, layout, config)
    verdicts = tuple(
        decided[index] if index in decided else _blank_verdict(index) for index in range(len(lines))
    )
    title = _title_text(present, layout, known_title)
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


# --- pass 0: features -----------------------------------------------------------------------


def _analyse(
    index: int,
    raw: str,
    ruleset: RuleSet,
    template: Mapping[str, str],
    config: ClassifierConfig,
    hits_memo: dict[str, tuple[Rule, ...]],
) -> _Line | None:
    text = " ".join(raw.split())
    if not text:
        return None
    core = line_core(text)
    words = word_count(core)
    punctuated = ends_sentence(text)
    hits = hits_memo.get(core)
    if hits is None:
        hits = hits_memo[core] = ruleset.hits(core, words)
    return _Line(
        index=index,
        text=text,
        words=words,
        punctuated=punctuated,
        prose=_is_prose(core, words, punctuated, config),
        bullet=text[0] in _BULLET_MARKS or text.startswith(("- ", "* ", "– ")),
        hits=hits,
        template=template.get(text.casefold()) if template else None,
    )


def _is_prose(core: str, words: int, punctuated: bool, config: ClassifierConfig) -> bool:
    if words >= config.long_line_words:
        return True
    if not punctuated or words < config.prose_min_words:
        return False
    return words >= config.prose_sure_words or has_stopword(core.split())


# --- layout: anchors, comment cut, headline -------------------------------------------------


def _layout(present: list[_Line], known_title: str | None, config: ClassifierConfig) -> _Layout:
    repeats = _repeats(present, config)
    title_key = normalise_line(known_title) if known_title else None
    candidates = [
        line
        for line in present
        if line.prose
        and not line.hits
        and line.template is None
        and line.index not in repeats
        and (title_key is None or normalise_line(line.text) != title_key)
    ]
    cut = _comment_cut(present, candidates, config)
    anchors = [line.index for line in candidates if cut is None or line.index < cut]
    first = anchors[0] if anchors else None
    if title_key is not None:
        title_index = next(
            (
                line.index
                for line in present
                if normalise_line(line.text) == title_key and (first is None or line.index < first)
            ),
            None,
        )
    else:
        title_index = _guess_headline(present, first, anchors, repeats, config)
        anchors = [index for index in anchors if index != title_index]
    return _Layout(
        first_anchor=anchors[0] if anchors else None,
        last_anchor=anchors[-1] if anchors else None,
        cut=cut,
        title_index=title_index,
        title_from_metadata=title_key is not None,
        repeats=repeats,
    )


def _repeats(present: list[_Line], config: ClassifierConfig) -> dict[int, str]:
    """Lines printed twice in a row (blank lines between them do not count): both copies of a
    short one ("short"), the second copy of a prose paragraph ("prose")."""
    marks: dict[int, str] = {}
    for before, after in itertools.pairwise(present):
        if before.text.casefold() != after.text.casefold():
            continue
        if after.prose and (after.punctuated or after.words > config.repeat_max_words):
            marks[after.index] = "prose"
        else:
            marks[before.index] = marks[after.index] = "short"
    return marks


def _comment_cut(
    present: list[_Line], candidates: list[_Line], config: ClassifierConfig
) -> int | None:
    """Index of a comment-section marker that ends the article, if one follows enough prose."""
    total_words = sum(line.words for line in candidates) or 1
    prose_indexes = {line.index for line in candidates}
    seen = seen_words = 0
    for line in present:
        if line.index in prose_indexes:
            seen += 1
            seen_words += line.words
        elif (
            any(rule.ends_article for rule in line.hits)
            and seen >= config.comments_min_prose
            and seen_words / total_words >= config.comments_min_share
        ):
            return line.index
    return None


def _guess_headline(
    present: list[_Line],
    first_anchor: int | None,
    anchors: list[int],
    repeats: Mapping[int, str],
    config: ClassifierConfig,
) -> int | None:
    """The headline of plain text: the first title-like line of the head that no rule claims,
    or a title-like first line directly followed by the body."""
    head = [
        line
        for line in present
        if (first_anchor is None or line.index < first_anchor)
        and not line.hits
        and line.template is None
        and line.index not in repeats
        and _title_like(line, config)
    ]
    for line in head:
        if line.words >= config.headline_min_words:
            return line.index
    if head and head[0] is present[0]:
        return head[0].index
    opening = present[0] if present else None
    if (
        opening is not None
        and opening.index == first_anchor
        and len(anchors) > 1
        and _title_like(opening, config)
        and opening.words >= config.headline_min_words
        and not opening.text.endswith(".")
        and ". " not in opening.text
    ):
        return opening.index
    return None


def _title_like(line: _Line, config: ClassifierConfig) -> bool:
    return (
        1 <= line.words <= config.headline_max_words
        and len(line.text) <= 300
        and not line.bullet
        and line.text[-1] not in ".,;:"
        and _LETTER.search(line.text) is not None
    )


def _title_text(present: list[_Line], layout: _Layout, known_title: str | None) -> str | None:
    if known_title:
        return " ".join(known_title.split())
    for line in present:
        if line.index == layout.title_index:
            return line.text
    return None


# --- pass 1: each line alone, plus its position ---------------------------------------------


def _first_pass(line: _Line, layout: _Layout, config: ClassifierConfig) -> LineVerdict | None:
    """The verdict of a line from its own signals and its position, or None if uncertain."""
    if layout.cut is not None and line.index > layout.cut:
        return _drop(
            line,
            "comments",
            "structure.after-comments",
            f"after the comment-section marker on line {layout.cut + 1}",
        )
    if line.index == layout.title_index:
        if layout.title_from_metadata:
            return _drop(
                line, "headline", "metadata.title", "same as the title in the page metadata"
            )
        return _drop(
            line,
            "headline",
            "structure.headline",
            "the headline: returned as the title, not part of the body",
        )
    for rule in line.hits:
        if layout.allows(rule, line.index):
            return _drop(line, rule.category, rule.id, rule.reason)
    if line.template is not None:
        return _drop(line, "site-template", "template.site", line.template)
    repeat = layout.repeats.get(line.index)
    if repeat == "short":
        return _drop(
            line,
            "caption",
            "structure.repeated-line",
            "the same short line twice in a row (a caption or byline printed twice)",
        )
    if repeat == "prose":
        return _drop(
            line,
            "duplicate",
            "structure.repeated-paragraph",
            "repeats the paragraph just before it",
        )
    if line.prose:
        return _keep(line, "keep.prose", "prose: enough words and sentence punctuation")
    if not layout.has_body() or layout.in_body(line.index):
        return None
    return _edge_verdict(line, layout, config)


def _edge_verdict(line: _Line, layout: _Layout, config: ClassifierConfig) -> LineVerdict:
    """A non-prose line of the head (before the first prose paragraph) or the tail."""
    where = "before the first" if layout.in_head(line.index) else "after the last"
    rule_id = "structure.head-chrome" if layout.in_head(line.index) else "structure.tail-chrome"
    if line.bullet and line.words <= config.bullet_max_words and not line.punctuated:
        return _drop(
            line,
            "widget",
            "structure.bullet-fragment",
            f"bulleted fragment {where} prose paragraph",
        )
    if line.punctuated:
        return _keep(line, "keep.short-sentence", "short sentence (ends with punctuation)")
    if _is_quotation(line.text):
        return _keep(line, "keep.quotation", "quoted words")
    if _is_lead_in(line, config):
        return _keep(
            line, "keep.lead-in", "sentence leading in to what follows (ends with a colon)"
        )
    if layout.title_index is not None and line.index < layout.title_index:
        return _drop(
            line,
            "chrome",
            "structure.before-headline",
            "line without a sentence before the headline",
        )
    if line.words <= config.chrome_max_words:
        return _drop(
            line,
            "chrome",
            rule_id,
            f"short line without sentence punctuation {where} prose paragraph",
        )
    return _keep(
        line,
        "keep.long-line",
        f"no sentence punctuation, but longer than {config.chrome_max_words} words "
        "(too long for site chrome)",
    )


def _is_quotation(text: str) -> bool:
    return len(text) > 2 and text[0] in _OPENING_QUOTES and text[-1] in CLOSERS


def _is_lead_in(line: _Line, config: ClassifierConfig) -> bool:
    return (
        line.text.endswith(":")
        and line.words >= config.prose_min_words + 1
        and has_stopword(line.text.split())
    )


# --- pass 2: uncertain lines of the body, by their neighbours -------------------------------


def _second_pass(
    present: list[_Line],
    first: Mapping[int, LineVerdict | None],
    layout: _Layout,
    config: ClassifierConfig,
) -> dict[int, LineVerdict]:
    """Decide the uncertain lines from the nearest lines decided in pass 1 on each side (the
    headline does not count as a neighbour)."""
    settled = [
        line.index
        for line in present
        if first[line.index] is not None and line.index != layout.title_index
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
    line: _Line, before: LineVerdict | None, after: LineVerdict | None, config: ClassifierConfig
) -> LineVerdict:
    neighbours = [v for v in (before, after) if v is not None]
    if not neighbours:
        return _keep(line, "keep.no-prose", "no prose paragraph found: kept to be safe")
    if all(not v.keep for v in neighbours) and line.words <= config.chrome_max_words:
        category = neighbours[0].category
        return _drop(
            line,
            category,
            "context.between-removed",
            f"short line between removed lines ({' / '.join(v.category for v in neighbours)})",
        )
    if all(v.keep for v in neighbours):
        return _keep(line, "keep.between-prose", "short line between kept paragraphs")
    return _keep(line, "keep.near-prose", "short line next to a kept paragraph")


# --- verdict constructors -------------------------------------------------------------------


def _drop(line: _Line, category: str, rule_id: str, reason: str) -> LineVerdict:
    return LineVerdict(line.index + 1, line.text, False, category, rule_id, reason)


def _keep(line: _Line, rule_id: str, reason: str) -> LineVerdict:
    return LineVerdict(line.index + 1, line.text, True, BODY, rule_id, reason)


def _blank_verdict(index: int) -> LineVerdict:
    return LineVerdict(index + 1, "", False, BLANK, BLANK, "blank line")


__all__ = [
    "BLANK",
    "BODY",
    "DEFAULT_CONFIG",
    "Classification",
    "ClassifierConfig",
    "LineVerdict",
    "classify",
]
