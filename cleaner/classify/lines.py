"""What the classifier knows of each line: the verdict type, the thresholds, and the features
of one line computed once (pass 0)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cleaner.model import Removal
from cleaner.rules import Rule, RuleSet, line_core
from cleaner.rules.stopwords import has_stopword
from cleaner.text import ends_sentence, word_count

BLANK = "blank"
BODY = "body"
STRUCTURAL = ("structure.", "context.")  # the rule classifier's own guesses, not rule packs
_BULLET_MARKS = "•·▪▫◦‣►▸▶"


@dataclass(frozen=True)
class LineVerdict:
    """The decision on one input line (1-based `line`), blank lines included."""

    line: int
    text: str
    keep: bool
    category: str
    rule_id: str
    reason: str
    score: float | None = None  # the line model's boilerplate probability, when it ran


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
class Line:
    """Features of one non-blank line, computed once."""

    index: int  # 0-based position in the input
    text: str  # whitespace collapsed
    words: int
    punctuated: bool
    prose: bool
    bullet: bool
    hits: tuple[Rule, ...]
    template: str | None


def analyse(
    index: int,
    raw: str,
    ruleset: RuleSet,
    template: Mapping[str, str],
    config: ClassifierConfig,
    hits_memo: dict[str, tuple[Rule, ...]],
) -> Line | None:
    text = " ".join(raw.split())
    if not text:
        return None
    core = line_core(text)
    words = word_count(core)
    punctuated = ends_sentence(text)
    hits = hits_memo.get(core)
    if hits is None:
        hits = hits_memo[core] = ruleset.hits(core, words)
    return Line(
        index=index,
        text=text,
        words=words,
        punctuated=punctuated,
        prose=is_prose(core, words, punctuated, config),
        bullet=text[0] in _BULLET_MARKS or text.startswith(("- ", "* ", "– ")),
        hits=hits,
        template=template.get(text.casefold()) if template else None,
    )


def is_prose(core: str, words: int, punctuated: bool, config: ClassifierConfig) -> bool:
    if words >= config.long_line_words:
        return True
    if not punctuated or words < config.prose_min_words:
        return False
    return words >= config.prose_sure_words or has_stopword(core.split())


def drop(line: Line, category: str, rule_id: str, reason: str) -> LineVerdict:
    return LineVerdict(line.index + 1, line.text, False, category, rule_id, reason)


def keep(line: Line, rule_id: str, reason: str) -> LineVerdict:
    return LineVerdict(line.index + 1, line.text, True, BODY, rule_id, reason)


def blank_verdict(index: int) -> LineVerdict:
    return LineVerdict(index + 1, "", False, BLANK, BLANK, "blank line")
