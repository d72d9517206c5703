"""Which widget rule an element's own signals point to: its class/id tokens, ARIA role,
aria-label and tag name. This runs on every element of every page: it is written for speed
(dictionary lookups, each class/id value and token judged once per page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from cleaner.widgets.signals import TokenIndex, WidgetRule, WidgetSignals

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_UNSEEN: Any = object()


@dataclass(frozen=True)
class WidgetMatch:
    element: HtmlElement
    rule: WidgetRule
    signal: str


@dataclass
class PageMemo:
    """Verdicts on one page's class/id values and on their tokens: pages repeat both a lot
    ("col-md-6", "post-meta"), so each is matched once per page."""

    values: dict[str, WidgetRule | None] = field(default_factory=dict)
    tokens: dict[str, WidgetRule | None] = field(default_factory=dict)


def normalise_token(token: str) -> str:
    """A class/id token as matched: camelCase split, "_" → "-", lower case."""
    if not token.islower():
        token = _CAMEL_BOUNDARY.sub("-", token).lower()
    return token.replace("_", "-")


def match_element(
    element: HtmlElement, signals: WidgetSignals, memo: PageMemo | None = None
) -> WidgetMatch | None:
    """The widget rule an element's own class/id/role/aria-label/tag points to, if any."""
    memo = PageMemo() if memo is None else memo
    get = element.get
    verdicts = memo.values
    for attribute in ("class", "id"):
        value = get(attribute)
        if value:
            rule = verdicts.get(value, _UNSEEN)
            if rule is _UNSEEN:
                rule = verdicts[value] = _value_rule(value, signals, memo.tokens)
            if rule is not None:
                return WidgetMatch(element, rule, f'{attribute}="{value.strip()}"')
    if signals.role_rules:
        role = get("role")
        if role and (rule := signals.role_rules.get(role.strip().lower())) is not None:
            return WidgetMatch(element, rule, f'role="{role}"')
    if signals.aria_pattern is not None:
        label = get("aria-label")
        hit = signals.aria_pattern.match(label) if label else None
        if hit is not None and hit.lastgroup is not None:
            rule = signals.rule_of_group(hit.lastgroup)
            return WidgetMatch(element, rule, f'aria-label="{label}"')
    # the element's name last: <nav aria-label="Share"> is a share bar before it is a menu
    tag = element.tag
    rule = signals.tag_rules.get(tag) if isinstance(tag, str) else None
    if rule is not None:
        return WidgetMatch(element, rule, f"<{tag}>")
    return None


def signal_elements(
    scope: HtmlElement, signals: WidgetSignals, memo: PageMemo
) -> Iterator[HtmlElement]:
    """In document order, each element whose own class/id value points to a widget rule or
    that carries another signal (widget tag, role, aria-label). `match_element` then says
    which rule; this walk over every element of the page only does dictionary lookups."""
    verdicts, tokens = memo.values, memo.tokens
    tags, check_role = signals.tag_rules, bool(signals.role_rules)
    check_label = signals.aria_pattern is not None
    for element in scope.iter(etree.Element):
        get = element.get
        pointed = False
        for value in (get("class"), get("id")):
            if value:
                rule = verdicts.get(value, _UNSEEN)
                if rule is _UNSEEN:
                    rule = verdicts[value] = _value_rule(value, signals, tokens)
                if rule is not None:
                    pointed = True
                    break
        if pointed:
            yield element
            continue
        if (
            element.tag in tags
            or (check_role and get("role") is not None)
            or (check_label and get("aria-label") is not None)
        ):
            yield element


def _value_rule(
    value: str, signals: WidgetSignals, token_memo: dict[str, WidgetRule | None]
) -> WidgetRule | None:
    # Most values share no word with any phrase: one pass over the whole value rejects them.
    if signals.token_index.vocabulary.isdisjoint(normalise_token(value).replace("-", " ").split()):
        return None
    for raw_token in value.split():
        rule = token_memo.get(raw_token, _UNSEEN)
        if rule is _UNSEEN:
            rule = token_memo[raw_token] = _raw_token_rule(raw_token, signals)
        if rule is not None:
            return rule
    return None


def _raw_token_rule(raw_token: str, signals: WidgetSignals) -> WidgetRule | None:
    token = normalise_token(raw_token)
    if token in signals.guard.ignore_tokens:
        return None
    return _token_rule(token, signals.token_index)


def _token_rule(token: str, index: TokenIndex) -> WidgetRule | None:
    """The rule of the first phrase that spans whole parts of `token` (or all of it)."""
    rule = index.whole.get(token) or index.parts.get(token)
    if rule is not None or "-" not in token:
        return rule
    pieces = token.split("-")
    if index.vocabulary.isdisjoint(pieces):
        return None
    for start in range(len(pieces)):
        for stop in range(start + 1, min(len(pieces), start + index.max_parts) + 1):
            rule = index.parts.get("-".join(pieces[start:stop]))
            if rule is not None:
                return rule
    return None
