"""The rule model and its matching: `Rule`, the loaded `RuleSet` and the line core patterns see.

Patterns are matched against the *core* of a line (see `line_core`): whitespace collapsed,
curly apostrophes made straight and leading bullet markers removed. They never see lines longer
than their `max_words`, nor lines longer than `max_chars_for(max_words)` characters, so a hostile
1 MB line never reaches a regex. `RuleSet.hits` tries a line only against the rules the
prefilter (`cleaner.rules.prefilter`) cannot rule out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from cleaner.rules.prefilter import FOLDS_ONTO_ASCII, required_literals, start_characters
from cleaner.text import collapse_whitespace, word_count

Position = Literal["any", "head", "tail", "edge"]
POSITIONS: tuple[Position, ...] = ("any", "head", "tail", "edge")
DEFAULT_MAX_WORDS = 12
MAX_MAX_WORDS = 120
BULLETS = "•·▪▫◦‣►▸▶»›*|–—-"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_LEADING_MARKS = BULLETS + " "
# A rule whose matches may start with more characters than this scans the line: it gets a
# required-literal prefilter instead.
_SELECTIVE_START = 40


def max_chars_for(max_words: int) -> int:
    """Longest line (in characters) a rule with this word guard is ever tried on."""
    return max(200, 40 * max_words)


def line_core(text: str) -> str:
    """The part of a line patterns see: whitespace collapsed, straight apostrophes, no leading
    bullet markers."""
    collapsed = collapse_whitespace(text)
    if "`" in collapsed or not collapsed.isascii():  # str.translate is slow: only if needed
        collapsed = collapsed.translate(_APOSTROPHES)
    return collapsed.lstrip(_LEADING_MARKS)


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern with the evidence a user sees when it fires."""

    id: str
    category: str
    reason: str
    pattern: re.Pattern[str]
    position: Position
    max_words: int
    ends_article: bool
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    source: str
    max_chars: int = 0  # derived from max_words in __post_init__

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_chars", max_chars_for(self.max_words))

    def applies_to(self, words: int, chars: int) -> bool:
        """Whether a line of this size is short enough to be tried at all."""
        return words <= self.max_words and chars <= self.max_chars

    def matches(self, text: str) -> bool:
        """Whether the rule fires on a line (any text: it is reduced to its core first)."""
        core = line_core(text)
        if not self.applies_to(word_count(core), len(core)):  # words as the classifier counts
            return False
        return self.pattern.search(core) is not None


@dataclass(frozen=True)
class RuleSet:
    """All loaded rules, built-in packs first, then the user's packs in the order given."""

    rules: tuple[Rule, ...] = ()
    # by_words[n]: the rules (in load order) whose max_words allows a line of n words
    by_words: tuple[tuple[Rule, ...], ...] = field(init=False, repr=False, compare=False)
    # by_start[n][c]: the rules of by_words[n] that can match a line whose core starts with the
    # ASCII character c (lower case): most patterns are anchored at the start of the line, so
    # a line is tried against a handful of rules instead of all of them
    by_start: tuple[Mapping[str, tuple[Rule, ...]], ...] = field(
        init=False, repr=False, compare=False
    )
    # rule id → lower-case strings one of which every match contains, for the rules that scan
    # the whole line (not anchored, or starting with a broad class): a line holding none of
    # them (lower-cased) skips the regex
    required: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = tuple(
            tuple(rule for rule in self.rules if rule.max_words >= words)
            for words in range(MAX_MAX_WORDS + 1)
        )
        starts = {rule.id: start_characters(rule.pattern) for rule in self.rules}
        object.__setattr__(self, "by_words", index)
        object.__setattr__(self, "by_start", _index_by_start(index, starts))
        scanning = [
            rule
            for rule in self.rules
            if (chars := starts[rule.id]) is None or len(chars) > _SELECTIVE_START
        ]
        required = {rule.id: required_literals(rule.pattern) for rule in scanning}
        object.__setattr__(
            self, "required", {key: value for key, value in required.items() if value}
        )

    def hits(self, core: str, words: int) -> tuple[Rule, ...]:
        """Every rule that fires on a line core with `words` words, in load order."""
        if words > MAX_MAX_WORDS:
            return ()
        chars = len(core)
        lowered = None if FOLDS_ONTO_ASCII.search(core) else core.lower()
        first = core[:1]
        if first and first.isascii():
            starting = self.by_start[words]
            candidates = starting.get(first.lower(), starting[""])
        else:
            candidates = self.by_words[words]
        required = self.required
        found = []
        for rule in candidates:
            if chars > rule.max_chars:
                continue
            if lowered is not None:
                needed = required.get(rule.id)
                if needed is not None and not any(word in lowered for word in needed):
                    continue
            if rule.pattern.search(core) is not None:
                found.append(rule)
        return tuple(found)

    def categories(self) -> frozenset[str]:
        return frozenset(rule.category for rule in self.rules)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _index_by_start(
    by_words: tuple[tuple[Rule, ...], ...], starts: Mapping[str, frozenset[str] | None]
) -> tuple[Mapping[str, tuple[Rule, ...]], ...]:
    """For each word count, first character → rules that may match a line starting with it;
    key "" holds the rules that may match whatever the first character is."""
    keys = sorted({char for chars in starts.values() if chars for char in chars})
    built: dict[tuple[Rule, ...], Mapping[str, tuple[Rule, ...]]] = {}
    for group in by_words:
        if group not in built:
            built[group] = {
                key: tuple(r for r in group if _may_start_with(starts[r.id], key))
                for key in ["", *keys]
            }
    return tuple(built[group] for group in by_words)


def _may_start_with(chars: frozenset[str] | None, key: str) -> bool:
    return chars is None or key in chars
