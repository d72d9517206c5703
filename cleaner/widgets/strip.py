"""Finding and removing widget blocks: the outermost elements whose signals point to a widget
rule and whose text looks like the widget's, not like the article's (the guard)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from cleaner.model import Removal
from cleaner.text import collapse_whitespace
from cleaner.widgets.matching import PageMemo, WidgetMatch, match_element, signal_elements
from cleaner.widgets.signals import WidgetGuard, WidgetSignals

# Elements that mark the article itself, whatever their class says.
_ARTICLE_BODY_ATTRIBUTES = (("itemprop", "articleBody"), ("role", "main"))
# The page's headline and article body: a block holding them is not a widget.
_ARTICLE_LANDMARKS = etree.XPath("(.//h1)[1] | .//*[@itemprop='articleBody']")
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]",
    smart_strings=False,  # plain strings: no element object per text node
)
REMOVAL_TEXT_CHARS = 200


@dataclass(frozen=True)
class _PageFacts:
    chars: int
    # the headline, the article body and every element that contains them
    holds_article: frozenset[HtmlElement]


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
        for element in signal_elements(scope, signals, memo)
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


def _report_text(element: HtmlElement) -> str:
    """The block's visible text, whitespace collapsed, cut to the report's length (a menu or
    a footer can hold thousands of characters: only the beginning is joined)."""
    pieces, length = [], 0
    for piece in _VISIBLE_TEXT(element):
        pieces.append(piece)
        length += len(piece)
        if length > 2 * REMOVAL_TEXT_CHARS:
            break
    return _truncate(collapse_whitespace("".join(pieces)))


def _truncate(text: str) -> str:
    if len(text) <= REMOVAL_TEXT_CHARS:
        return text
    return text[: REMOVAL_TEXT_CHARS - 1].rstrip() + "…"
