"""The widget rules and their signals compiled for one pass over a page's elements.

A rule names a kind of widget block (share bar, comment section, cookie banner ...) and the
signals that identify it: class/id phrases, ARIA roles, aria-label openings, tag names.
Compiled, the signals are dictionaries and one anchored regex: XPath predicates with many
`contains()` calls, or one big regex alternation over the tokens, were several times slower.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class WidgetRule:
    """One kind of widget block and the signals that identify it."""

    id: str
    category: str
    reason: str
    tokens: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    aria_labels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    max_chars: int | None = None
    min_link_density: float = 0.0
    # structural chrome (menus, forms): stripped to spare trafilatura work, skipped on retry
    structural: bool = False
    positive_examples: tuple[str, ...] = ()
    negative_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class WidgetGuard:
    """What widget stripping must never touch."""

    protected_tags: frozenset[str]
    max_page_share: float
    prose_tags: tuple[str, ...]
    inline_tags: frozenset[str]
    ignore_tokens: frozenset[str]


@dataclass(frozen=True)
class TokenIndex:
    """Class/id phrases by rule: `parts` maps "-"-joined part sequences (phrases matched
    inside a token), `whole` maps whole tokens ("=phrase"). Dict lookups of a token's part
    n-grams are ~30x faster than one big alternation regex with lookarounds."""

    parts: Mapping[str, WidgetRule]
    whole: Mapping[str, WidgetRule]
    max_parts: int
    # the first part of every phrase (whole-token ones too): a token or a class value holding
    # none of them as a part cannot match
    vocabulary: frozenset[str]


@dataclass(frozen=True)
class WidgetSignals:
    """Loaded widget rules with their signals compiled for one pass over a tree."""

    rules: tuple[WidgetRule, ...]
    guard: WidgetGuard
    token_index: TokenIndex
    # one named group per rule with aria labels: group "r<n>" is rules[n]
    aria_pattern: re.Pattern[str] | None
    role_rules: Mapping[str, WidgetRule]
    tag_rules: Mapping[str, WidgetRule]

    def rule_of_group(self, group: str) -> WidgetRule:
        """The rule of an `aria_pattern` group name."""
        return self.rules[int(group[1:])]


def compile_signals(rules: tuple[WidgetRule, ...], guard: WidgetGuard) -> WidgetSignals:
    """The lookup tables of the rules' signals (the loader refuses a signal listed twice)."""
    return WidgetSignals(
        rules=rules,
        guard=guard,
        token_index=_index_tokens(rules),
        aria_pattern=_compile_aria(rules),
        role_rules={role: rule for rule in rules for role in rule.roles},
        tag_rules={tag: rule for rule in rules for tag in rule.tags},
    )


def _index_tokens(rules: Sequence[WidgetRule]) -> TokenIndex:
    parts: dict[str, WidgetRule] = {}
    whole: dict[str, WidgetRule] = {}
    for rule in rules:
        for token in rule.tokens:
            if token.startswith("="):
                whole.setdefault(token[1:], rule)
            else:
                parts.setdefault(token, rule)
    max_parts = max((phrase.count("-") + 1 for phrase in parts), default=0)
    vocabulary = frozenset(phrase.split("-")[0] for phrase in (*parts, *whole))
    return TokenIndex(parts=parts, whole=whole, max_parts=max_parts, vocabulary=vocabulary)


def _compile_aria(rules: Sequence[WidgetRule]) -> re.Pattern[str] | None:
    alternatives = [
        f"(?P<r{index}>{'|'.join(re.escape(label) for label in rule.aria_labels)})"
        for index, rule in enumerate(rules)
        if rule.aria_labels
    ]
    if not alternatives:
        return None
    return re.compile(rf"^\s*(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
