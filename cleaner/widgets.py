"""Widget DOM stripping before extraction: share bars, comment sections, newsletter and
paywall boxes, cookie banners, related-links asides, captions, ad slots, skip links.

The signals (class/id tokens, ARIA roles and labels, tag names) are data, kept in
`cleaner/data/widgets.toml` next to examples the tests run. One Python pass over the elements
with dictionary lookups keeps the cost around a millisecond per page: XPath predicates with
many `contains()` calls, or one big regex alternation, were several times slower.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from cleaner.errors import RuleError
from cleaner.model import Removal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Elements that mark the article itself, whatever their class says.
_ARTICLE_BODY_ATTRIBUTES = (("itemprop", "articleBody"), ("role", "main"))
# The page's headline and article body: a block holding them is not a widget.
_ARTICLE_LANDMARKS = etree.XPath("(.//h1)[1] | .//*[@itemprop='articleBody']")
_TAG_NAME = re.compile(r"[a-z][a-z0-9]*")
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]",
    smart_strings=False,  # plain strings: no element object per text node
)
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WHITESPACE = re.compile(r"\s+")
REMOVAL_TEXT_CHARS = 200
_UNSEEN: Any = object()


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
class WidgetSignals:
    """Loaded widget rules with their signals compiled for one pass over a tree."""

    rules: tuple[WidgetRule, ...]
    guard: WidgetGuard
    token_index: TokenIndex
    aria_pattern: re.Pattern[str] | None
    role_rules: Mapping[str, WidgetRule] = field(default_factory=dict)
    tag_rules: Mapping[str, WidgetRule] = field(default_factory=dict)


@dataclass(frozen=True)
class WidgetMatch:
    element: HtmlElement
    rule: WidgetRule
    signal: str


def default_widgets_file() -> Path:
    return Path(str(resources.files("cleaner") / "data" / "widgets.toml"))


def load_widget_signals(path: Path | None = None) -> WidgetSignals:
    """Load and compile the widget rules (the packaged file unless `path` is given)."""
    source = path or default_widgets_file()
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        rules = tuple(_parse_rule(raw) for raw in data["rules"])
        guard = _parse_guard(data["guard"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"{source}: invalid widget rules: {exc!r}") from exc
    role_rules = {role: rule for rule in rules for role in rule.roles}
    tag_rules = {tag: rule for rule in rules for tag in rule.tags}
    aria_pattern = _compile_aria(rules)
    return WidgetSignals(
        rules=rules,
        guard=guard,
        token_index=_index_tokens(rules),
        aria_pattern=aria_pattern,
        role_rules=role_rules,
        tag_rules=tag_rules,
    )


def _parse_rule(raw: Mapping[str, Any]) -> WidgetRule:
    examples = raw.get("examples", {})
    rule = WidgetRule(
        id=str(raw["id"]),
        category=str(raw["category"]),
        reason=str(raw["reason"]),
        tokens=tuple(str(t).lower() for t in raw.get("tokens", ())),
        roles=tuple(str(r).lower() for r in raw.get("roles", ())),
        aria_labels=tuple(str(a).lower() for a in raw.get("aria_labels", ())),
        tags=tuple(str(t).lower() for t in raw.get("tags", ())),
        max_chars=int(raw["max_chars"]) if "max_chars" in raw else None,
        min_link_density=float(raw.get("min_link_density", 0.0)),
        structural=bool(raw.get("structural", False)),
        positive_examples=tuple(examples.get("positive", ())),
        negative_examples=tuple(examples.get("negative", ())),
    )
    if not (rule.tokens or rule.roles or rule.aria_labels or rule.tags):
        raise ValueError(f"rule {rule.id} has no signals")
    bad_tags = [tag for tag in rule.tags if not _TAG_NAME.fullmatch(tag)]
    if bad_tags:
        raise ValueError(f"rule {rule.id}: invalid tag name(s) {bad_tags}")
    return rule


def _parse_guard(raw: Mapping[str, Any]) -> WidgetGuard:
    return WidgetGuard(
        protected_tags=frozenset(raw["protected_tags"]),
        max_page_share=float(raw["max_page_share"]),
        prose_tags=tuple(raw["prose_tags"]),
        inline_tags=frozenset(raw["inline_tags"]),
        ignore_tokens=frozenset(raw.get("ignore_tokens", ())),
    )


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


def _compile_aria(rules: Sequence[WidgetRule]) -> re.Pattern[str] | None:
    alternatives = [
        f"(?P<r{index}>{'|'.join(re.escape(label) for label in rule.aria_labels)})"
        for index, rule in enumerate(rules)
        if rule.aria_labels
    ]
    if not alternatives:
        return None
    return re.compile(rf"^\s*(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def normalise_token(token: str) -> str:
    """A class/id token as matched: camelCase split, "_" → "-", lower case."""
    if not token.islower():
        token = _CAMEL_BOUNDARY.sub("-", token).lower()
    return token.replace("_", "-")


@dataclass
class PageMemo:
    """Verdicts on one page's class/id values and on their tokens: pages repeat both a lot
    ("col-md-6", "post-meta"), so each is matched once per page."""

    values: dict[str, WidgetRule | None] = field(default_factory=dict)
    tokens: dict[str, WidgetRule | None] = field(default_factory=dict)


def match_element(
    element: HtmlElement, signals: WidgetSignals, memo: PageMemo | None = None
) -> WidgetMatch | None:
    """The widget rule an element's own class/id/role/aria-label/tag points to, if any.

    This runs on every element of every page: it is written for speed."""
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
            return WidgetMatch(element, _rule_of(signals, hit.lastgroup), f'aria-label="{label}"')
    # the element's name last: <nav aria-label="Share"> is a share bar before it is a menu
    tag = element.tag
    rule = signals.tag_rules.get(tag) if isinstance(tag, str) else None
    if rule is not None:
        return WidgetMatch(element, rule, f"<{tag}>")
    return None


def _value_rule(
    value: str, signals: WidgetSignals, token_memo: dict[str, WidgetRule | None] | None = None
) -> WidgetRule | None:
    # Most values share no word with any phrase: one pass over the whole value rejects them.
    if signals.token_index.vocabulary.isdisjoint(normalise_token(value).replace("-", " ").split()):
        return None
    for raw_token in value.split():
        if token_memo is None:
            rule = _raw_token_rule(raw_token, signals)
        else:
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


def _rule_of(signals: WidgetSignals, group: str) -> WidgetRule:
    return signals.rules[int(group[1:])]


def find_widgets(
    root: HtmlElement, signals: WidgetSignals, *, structural: bool = True
) -> list[WidgetMatch]:
    """Outermost widget blocks in document order that pass the guard (nothing is removed).
    `structural=False` leaves the structural chrome (menus, forms) in place."""
    body = root.find("body")
    scope = body if body is not None else root
    memo = PageMemo()
    candidates = [
        match
        for element in _signal_elements(scope, signals, memo)
        if (match := match_element(element, signals, memo)) is not None
        and (structural or not match.rule.structural)
        and _may_strip(element, signals.guard)
    ]
    if not candidates:
        return []
    page = _PageFacts(
        chars=_visible_chars(scope),
        holds_article=frozenset(
            ancestor
            for landmark in _ARTICLE_LANDMARKS(scope)
            for ancestor in (landmark, *landmark.iterancestors())
        ),
    )
    accepted: list[WidgetMatch] = []
    accepted_elements: set[HtmlElement] = set()
    for match in candidates:
        if any(ancestor in accepted_elements for ancestor in match.element.iterancestors()):
            continue
        if _holds_widget_text(match, page, signals.guard):
            accepted.append(match)
            accepted_elements.add(match.element)
    return accepted


def _signal_elements(
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
        value = get("class")
        if value:
            rule = verdicts.get(value, _UNSEEN)
            if rule is _UNSEEN:
                rule = verdicts[value] = _value_rule(value, signals, tokens)
            if rule is not None:
                yield element
                continue
        value = get("id")
        if value:
            rule = verdicts.get(value, _UNSEEN)
            if rule is _UNSEEN:
                rule = verdicts[value] = _value_rule(value, signals, tokens)
            if rule is not None:
                yield element
                continue
        if (
            element.tag in tags
            or (check_role and get("role") is not None)
            or (check_label and get("aria-label") is not None)
        ):
            yield element


@dataclass(frozen=True)
class _PageFacts:
    chars: int
    # the headline, the article body and every element that contains them
    holds_article: frozenset[HtmlElement]


def _holds_widget_text(match: WidgetMatch, page: _PageFacts, guard: WidgetGuard) -> bool:
    """Whether the block's text looks like the widget's and not like the article's."""
    element, rule = match.element, match.rule
    text_chars = _visible_chars(element)
    if text_chars == 0:
        return False  # nothing to leak: leave empty slots alone
    if text_chars > guard.max_page_share * page.chars:
        return False
    if rule.max_chars is not None and text_chars > rule.max_chars:
        return False
    if element in page.holds_article:
        return False
    if rule.min_link_density > 0:
        link_chars = sum(len(a.text_content().strip()) for a in element.iter("a"))
        return link_chars >= rule.min_link_density * text_chars
    return True


def _may_strip(element: HtmlElement, guard: WidgetGuard) -> bool:
    if element.tag in guard.protected_tags:
        return False
    if any(element.get(name) == value for name, value in _ARTICLE_BODY_ATTRIBUTES):
        return False
    if element.tag in guard.inline_tags:
        # A span or link inside a sentence is part of the sentence.
        return next(element.iterancestors(*guard.prose_tags), None) is None
    return True


def _visible_chars(element: HtmlElement) -> int:
    """Length of the element's text without the code of its scripts and styles."""
    code = sum(len(node.text or "") for node in element.iter("script", "style", "noscript"))
    return len(element.text_content().strip()) - code


def strip_widgets(
    root: HtmlElement, signals: WidgetSignals, *, structural: bool = True
) -> tuple[Removal, ...]:
    """Remove widget blocks from the tree in place; one Removal (line 0) per block."""
    removals = []
    for match in find_widgets(root, signals, structural=structural):
        text = _report_text(match.element)
        removals.append(
            Removal(
                line=0,
                text=text,
                category=match.rule.category,
                rule_id=match.rule.id,
                reason=f"{match.rule.reason} ({match.signal})",
            )
        )
        match.element.drop_tree()  # keeps the element's tail text
    return tuple(removals)


def _report_text(element: HtmlElement) -> str:
    """The block's visible text, whitespace collapsed, cut to the report's length (a menu or
    a footer can hold thousands of characters: only the beginning is joined)."""
    pieces, length = [], 0
    for piece in _VISIBLE_TEXT(element):
        pieces.append(piece)
        length += len(piece)
        if length > 2 * REMOVAL_TEXT_CHARS:
            break
    return _truncate(_WHITESPACE.sub(" ", "".join(pieces)).strip())


def _truncate(text: str) -> str:
    if len(text) <= REMOVAL_TEXT_CHARS:
        return text
    return text[: REMOVAL_TEXT_CHARS - 1].rstrip() + "…"
