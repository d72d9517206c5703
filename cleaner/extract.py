"""HTML → article lines and metadata. The only module that imports trafilatura.

One parse per page: lxml builds the tree with its safe defaults (no DTD loading, no network,
no external or custom entities, no huge_tree, nesting capped by libxml2), metadata is read
from it, widget blocks are stripped from it (`cleaner.widgets`), and trafilatura extracts the
main text from that same tree (comments off, its order-dependent deduplication off).

Metadata is read from the original tree, before any widget is stripped (the blocks holding
bylines and datelines often look like widgets): trafilatura's meta-tag reader, JSON-LD, the
`<h1>`, `<title>`, byline elements and htmldate, chosen between by `cleaner.metadata`.
trafilatura's full `extract_metadata` is not used: it costs more than the extraction itself
(author search on a deep copy of the tree, categories, tags, licence).

Lines of one `<p>` split by `<br>` in mid-sentence are joined before extraction, so that a
sentence the page's source wrapped stays one paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_sitename
from trafilatura.settings import Document
from trafilatura.utils import load_html

from cleaner.errors import ExtractionError
from cleaner.metadata.choose import MetaTags, choose_metadata
from cleaner.metadata.page import read_declarations
from cleaner.metadata.title import title_key
from cleaner.model import Removal
from cleaner.text import ends_sentence
from cleaner.widgets import WidgetSignals, strip_widgets

# Larger pages are refused rather than parsed: memory grows ~10x the text size in lxml.
MAX_HTML_CHARS = 10_000_000

METADATA_KEYS = (
    "title",
    "author",
    "published",
    "modified",
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
# The headline is looked for among the first lines of the extracted text only.
_HEADLINE_LINES = 5


@dataclass(frozen=True)
class Extraction:
    """The main text of a page as lines, its metadata and the widget blocks stripped.

    `headline_line` is the line of `lines` that repeats the headline (whatever its variant:
    the `<h1>`, the `<title>` with its site name ...), to be removed from the body."""

    lines: list[str]
    title: str | None
    metadata: dict[str, str | None] = field(default_factory=dict)
    stripped: tuple[Removal, ...] = ()
    authors: tuple[str, ...] = ()
    headline_line: str | None = None


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
    metadata, authors, variants = read_metadata(tree, url, signals)
    stripped = strip_widgets(tree, signals)
    page_url = url or metadata.get("url")
    join_wrapped_lines(tree)
    text = _main_text(tree, page_url)
    if text is None and any(_is_structural(removal, signals) for removal in stripped):
        # Without its menus and forms the page yielded nothing: extract it again with them.
        tree = parse_html(html)
        stripped = strip_widgets(tree, signals, structural=False)
        join_wrapped_lines(tree)
        text = _main_text(tree, page_url)
    if text is None:
        raise ExtractionError("no article text found in the HTML")
    lines = [line for line in text.split("\n") if line.strip()]
    return Extraction(
        lines=lines,
        title=metadata.get("title"),
        metadata=metadata,
        stripped=stripped,
        authors=authors,
        headline_line=next(
            (line for line in lines[:_HEADLINE_LINES] if title_key(line) in variants), None
        ),
    )


def join_wrapped_lines(tree: HtmlElement) -> None:
    """Replace each `<br>` of a `<p>` that breaks a sentence (the line before it does not end
    one, and text follows it) by a space; a `<br>` after a full sentence, or a double one,
    stays a line break."""
    for paragraph in tree.iter("p"):
        if paragraph.find(".//br") is None:
            continue
        pieces = _pieces(paragraph)
        for index, piece in enumerate(pieces):
            if isinstance(piece, str):
                continue
            line = _text_between(reversed(pieces[:index]))
            after = _text_between(pieces[index + 1 :])
            if line.strip() and after.strip() and not ends_sentence(line):
                piece.tail = " " + (piece.tail or "")
                piece.drop_tag()


def _pieces(paragraph: HtmlElement) -> list[str | HtmlElement]:
    """The paragraph's text in document order, with its `<br>` elements between."""
    pieces: list[str | HtmlElement] = []
    for event, node in etree.iterwalk(paragraph, events=("start", "end")):
        if event == "start":
            if node.tag == "br":
                pieces.append(node)
            pieces.append(node.text or "")
        elif node is not paragraph:
            pieces.append(node.tail or "")
    return pieces


def _text_between(pieces: Iterable[str | HtmlElement]) -> str:
    """The text of `pieces` up to the first `<br>` (the pieces may run backwards)."""
    collected = []
    for piece in pieces:
        if not isinstance(piece, str):
            break
        collected.append(piece)
    return "".join(collected)


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
) -> tuple[dict[str, str | None], tuple[str, ...], frozenset[str]]:
    """The page's metadata fields (`METADATA_KEYS`; `author` the authors joined by "; "), its
    authors, and the `title_key`s of the headline's variants. Call before stripping widgets."""
    meta = examine_meta(tree)
    canonical = _canonical_url(tree, url or meta.url)
    page_url = url or meta.url or canonical
    site_name = _clean((meta.sitename or extract_sitename(tree) or "").lstrip("@"))
    chosen = choose_metadata(
        tree,
        page_url,
        MetaTags(title=meta.title, site_name=site_name),
        read_declarations(tree),
        signals,
    )
    fields = {
        "title": chosen.title,
        "author": "; ".join(chosen.authors) or None,
        "published": chosen.published,
        "modified": chosen.modified,
        "site": chosen.site_name,
        "url": page_url,
        "canonical_url": canonical,
        "description": _clean(meta.description),
        "language": _declared_language(tree),
    }
    return fields, chosen.authors, chosen.title_variants


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
