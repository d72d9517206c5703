"""HTML → article lines and metadata. The only module that imports trafilatura.

One parse per page: lxml builds the tree with its safe defaults (no DTD loading, no network,
no external or custom entities, no huge_tree, nesting capped by libxml2), metadata is read
from it, widget blocks are stripped from it (`cleaner.widgets`), and trafilatura extracts the
main text from that same tree (comments off, its order-dependent deduplication off).

Metadata is assembled from trafilatura's cheap readers (meta tags, OpenGraph, JSON-LD,
title) and htmldate without its extensive text search: trafilatura's full
`extract_metadata` costs more than the extraction itself (author search on a deep copy of
the tree, categories, tags, licence), which would break the speed budget.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

from cleaner.errors import ExtractionError
from cleaner.model import Removal
from cleaner.widgets import (
    PageMemo,
    WidgetSignals,
    match_element,
    normalise_token,
    strip_widgets,
)

# Larger pages are refused rather than parsed: memory grows ~10x the text size in lxml.
MAX_HTML_CHARS = 10_000_000

METADATA_KEYS = (
    "title",
    "author",
    "published",
    "site",
    "url",
    "canonical_url",
    "description",
    "language",
)

_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|table|span|"
    r"h[1-6]|ul|ol|a|br|img|link|script|style|header|nav)[\s/>]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|li|ul|ol|table|tr|td|h[1-6]|script|style|meta|"
    r"article|section|img|strong|em|b|i)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_SNIFF_CHARS = 4096
# Markup-dense text: enough tags in the first few KB to be a page (plain text mentioning
# "<p>" once stays text).
_MIN_TAGS_IN_SNIFF = 8
_LANGUAGE_CODE = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]{1,8})*$")
# Byline candidates when no meta tag or JSON-LD names the author. Plain `contains()` is cheap
# in libxml2 (trafilatura's regex XPaths run in Python and cost milliseconds per page), and
# testing the attribute nodes, then stepping to their element, is twice as fast as testing
# every element's attributes; the class tokens are checked exactly afterwards.
_AUTHOR_CANDIDATES = etree.XPath(
    "//body//*/@class[contains(., 'author') or contains(., 'byline')]/.."
    " | //body//*/@rel[. = 'author']/.. | //body//*/@itemprop[. = 'author']/.."
)
_AUTHOR_CLASS_TOKENS = frozenset({"author", "byline", "author-name", "byline-author"})
_MAX_AUTHOR_CHARS = 120


@dataclass(frozen=True)
class Extraction:
    """The main text of a page as lines, its metadata and the widget blocks stripped."""

    lines: list[str]
    title: str | None
    metadata: dict[str, str | None] = field(default_factory=dict)
    stripped: tuple[Removal, ...] = ()


def looks_like_html(text: str) -> bool:
    """True for text that is an HTML document or fragment, judged from its content."""
    if _HTML_START.match(text[:_SNIFF_CHARS]):
        return True
    return len(_HTML_TAG.findall(text[:_SNIFF_CHARS])) >= _MIN_TAGS_IN_SNIFF


def extract_html(
    html: str, *, url: str | None, signals: WidgetSignals, max_chars: int = MAX_HTML_CHARS
) -> Extraction:
    """Strip widgets, extract the main text and read the metadata of one page."""
    if len(html) > max_chars:
        raise ExtractionError(
            f"page too large to extract ({len(html):,} characters, limit {max_chars:,})"
        )
    tree = parse_html(html)
    metadata = read_metadata(tree, url, signals)
    stripped = strip_widgets(tree, signals)
    # The date is searched after stripping: dates of comments, sidebars and footers are not
    # the article's, and htmldate copies and walks a smaller tree.
    metadata["published"] = published_date(tree, metadata["url"])
    page_url = url or metadata.get("url")
    text = _main_text(tree, page_url)
    if text is None and any(_is_structural(removal, signals) for removal in stripped):
        # Without its menus and forms the page yielded nothing: extract it again with them.
        tree = parse_html(html)
        stripped = strip_widgets(tree, signals, structural=False)
        text = _main_text(tree, page_url)
    if text is None:
        raise ExtractionError("no article text found in the HTML")
    lines = [line for line in text.split("\n") if line.strip()]
    return Extraction(
        lines=lines, title=metadata.get("title"), metadata=metadata, stripped=stripped
    )


def _main_text(tree: HtmlElement, url: str | None) -> str | None:
    """trafilatura's main text of the tree (comments off, no deduplication), or None."""
    document = bare_extraction(
        tree, url=url, include_comments=False, deduplicate=False, with_metadata=False
    )
    if document is None or not isinstance(document, Document) or not document.text:
        return None
    # NFC as trafilatura's own extract() returns it (pages mix composed and decomposed forms).
    return unicodedata.normalize("NFC", document.text)


def _is_structural(removal: Removal, signals: WidgetSignals) -> bool:
    return any(rule.structural and rule.id == removal.rule_id for rule in signals.rules)


def parse_html(html: str) -> HtmlElement:
    """Parse with trafilatura's loader (lxml's HTML parser with safe defaults)."""
    if "html" not in html[:50].lower():
        # A bare fragment: trafilatura's loader rejects single-block documents.
        html = f"<html><body>{html}</body></html>"
    try:
        tree = load_html(html)
    except (ValueError, etree.LxmlError) as exc:
        raise ExtractionError(f"unparsable HTML ({exc})") from exc
    if tree is None:
        raise ExtractionError("unparsable HTML (no document tree)")
    return tree


def read_metadata(
    tree: HtmlElement, url: str | None, signals: WidgetSignals
) -> dict[str, str | None]:
    """title, author, site, url, canonical_url, description, language; "published" is None
    here (`published_date` reads it, after widget stripping)."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # single tokens are handles or site names, as in trafilatura
    # trafilatura's JSON-LD reader crashes on some odd documents; the meta tags still count.
    with suppress(KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError):
        meta = extract_meta_json(tree, meta)
    canonical = _canonical_url(tree, url or meta.url)
    page_url = url or meta.url or canonical
    return {
        "title": _clean(meta.title) or _clean(extract_title(tree)),
        "author": _clean(meta.author) or _byline_author(tree, signals),
        "published": None,
        "site": _clean((meta.sitename or extract_sitename(tree) or "").lstrip("@")),
        "url": page_url,
        "canonical_url": canonical,
        "description": _clean(meta.description),
        "language": _declared_language(tree),
    }


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split()) or None


def _canonical_url(tree: HtmlElement, base: str | None) -> str | None:
    for link in tree.iterfind(".//head/link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = link.get("href", "").strip()
            absolute = urljoin(base, href) if base else href
            return absolute if urlsplit(absolute).scheme in ("http", "https") else None
    return None


def _byline_author(tree: HtmlElement, signals: WidgetSignals) -> str | None:
    memo = PageMemo()  # the candidates share most of their ancestors
    for element in _AUTHOR_CANDIDATES(tree):
        if not _is_byline(element):
            continue
        text = " ".join(element.text_content().split())
        if not 2 < len(text) < _MAX_AUTHOR_CHARS:
            continue
        # A comment's author is not the article's.
        if any(match_element(a, signals, memo) is not None for a in element.iterancestors()):
            continue
        return normalize_authors(None, text)
    return None


def _is_byline(element: HtmlElement) -> bool:
    if element.get("rel") == "author" or element.get("itemprop") == "author":
        return True
    tokens = {normalise_token(token) for token in (element.get("class") or "").split()}
    return not tokens.isdisjoint(_AUTHOR_CLASS_TOKENS)


def published_date(tree: HtmlElement, url: str | None) -> str | None:
    """The publication date (YYYY-MM-DD) from htmldate without its extensive text search."""
    try:
        found = find_date(
            tree,
            extensive_search=False,
            original_date=True,
            url=url,
            max_date=date.today().isoformat(),
        )
    except (ValueError, TypeError, OverflowError):
        return None
    return found or None


def _declared_language(tree: HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    candidates += tree.xpath(
        "//head/meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
        " = 'content-language']/@content | //head/meta[@property='og:locale']/@content"
    )
    for value in candidates:
        match = _LANGUAGE_CODE.match(str(value or "").strip().split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None
