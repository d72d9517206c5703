"""What a page declares about its article, read from the original tree before any widget is
stripped: JSON-LD, date meta tags, the `<title>`, the `<h1>` and byline elements.

Widget stripping removes share bars, related boxes and comment sections — and with them, on
many pages, the block holding the byline and the dateline. So metadata is read first, from
the whole page; only bylines inside comment sections, related-article boxes, ads and menus
(a commenter, another article's author) are passed over.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from cleaner.metadata.bylines import byline_authors, leading_name, looks_like_name
from cleaner.metadata.title import compact
from cleaner.widgets import PageMemo, WidgetSignals, match_element, normalise_token

_ARTICLE_TYPE_WORDS = ("Article", "Posting", "Report", "Review", "HowTo", "Recipe")
_PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "QAPage", "FAQPage"})
_ORGANISATION_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation"})
_MAX_JSON_CHARS = 1_000_000
_MAX_JSON_OBJECTS = 2_000
# Byline candidates. Plain `contains()` is cheap in libxml2 (trafilatura's regex XPaths run in
# Python and cost milliseconds per page), and testing the attribute nodes, then stepping to
# their element, is twice as fast as testing every element's attributes; the class tokens are
# checked exactly afterwards.
_BYLINE_CANDIDATES = etree.XPath(
    "//body//*/@class[contains(., 'author') or contains(., 'byline')]/.."
    " | //body//*/@rel[. = 'author']/.. | //body//*/@itemprop[. = 'author']/.."
)
# Parts of a class token that mark a byline's picture, bio or link list, not the name.
_NOT_BYLINE_PARTS = frozenset(
    {"bio", "avatar", "image", "img", "photo", "pic", "picture", "description", "desc",
     "about", "social", "box", "wrapper", "card", "list", "posts", "more", "follow"}
)  # fmt: skip
_MAX_BYLINE_CHARS = 160
# Widget categories whose bylines belong to something else than the article.
_OTHER_BYLINES = frozenset({"comments", "related", "advertising", "navigation"})
# Text nodes whose first word may start a byline (`By Jane Doe`, `Written by …`, `Published
# May 3, 2024 by …`): the first word is cut out once per node and looked up in one string,
# which libxml2 does fast (a `starts-with` per word costs several milliseconds a page).
_BYLINE_FIRST_WORDS = (
    "By By: by BY Written Posted Published Last Text Article Words Von von Par par Por por Author "
    "Author: Authors: Contributor: Contributors: Autor Autor: Auteur Auteur:"
)
_BYLINE_TEXTS = etree.XPath(
    f"//body//text()[contains(' {_BYLINE_FIRST_WORDS} ',"
    " concat(' ', substring-before(concat(normalize-space(.), ' '), ' '), ' '))"
    " and not(ancestor::script or ancestor::style)]"
)
_BYLINE_TEXT_LEVELS = 3
# Links to an author's page: `/author/jane-doe`, `/authors/…`, `/contributor/…` …
_AUTHOR_PATHS = (
    "author", "authors", "autor", "autoren", "auteur", "auteurs", "contributor",
    "contributors", "profile", "profiles", "people", "staff", "team", "writers", "users",
)  # fmt: skip
_AUTHOR_LINKS = etree.XPath(
    "//body//a[" + " or ".join(f"contains(@href, '/{path}/')" for path in _AUTHOR_PATHS) + "]"
)
_SOCIAL_HOSTS = (
    "youtube.com", "facebook.com", "twitter.com", "x.com", "bsky.app", "linkedin.com",
    "instagram.com", "tiktok.com", "pinterest.com", "threads.net", "github.com", "medium.com",
)  # fmt: skip
_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "cxenseparse:author",
    "citation_author",
    "citation_authors",
)
_WRITTEN_BY = re.compile(r"(?i)^\s*(?:written by|author|autor|auteur|verfasst von)\s*:?\s*$")
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.created",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)


@dataclass(frozen=True)
class LinkedData:
    """What a page's JSON-LD says about its article."""

    headline: str | None = None
    authors: tuple[str, ...] = ()  # people and organisations, as the page lists them
    organisations: tuple[str, ...] = ()  # the publisher, and authors typed as organisations
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None


@dataclass(frozen=True)
class PageDeclarations:
    """The candidates a page declares for each metadata field (bylines, costlier to find,
    are looked for by `bylines` only when these name no author)."""

    linked: LinkedData
    h1: str | None
    title_element: str | None
    author_meta: tuple[str, ...]
    published_meta: str | None
    modified_meta: str | None


def read_declarations(tree: HtmlElement) -> PageDeclarations:
    """Read the page's own statements about its article from the original tree."""
    metas = _meta_contents(tree)
    return PageDeclarations(
        linked=linked_data(tree),
        h1=_first_heading(tree),
        title_element=_text(tree.find(".//title")),
        author_meta=(
            *(value for name in _AUTHOR_META for value in metas.get(name, ())),
            *_labelled_author(metas),
        ),
        published_meta=next((metas[name][0] for name in _PUBLISHED_META if name in metas), None),
        modified_meta=next((metas[name][0] for name in _MODIFIED_META if name in metas), None),
    )


def _text(element: HtmlElement | None) -> str | None:
    if element is None:
        return None
    return " ".join(" ".join(element.itertext()).split()) or None


def _first_heading(tree: HtmlElement) -> str | None:
    """The article's `<h1>`: the first inside `<article>` or `<main>`, else the first one."""
    for path in ("//article//h1", "//main//h1", "//body//h1"):
        for heading in tree.xpath(path):
            if text := _text(heading):
                return text
    return None


def _labelled_author(metas: dict[str, list[str]]) -> list[str]:
    """The value of a Twitter card's `Written by` label (`twitter:label1` / `twitter:data1`,
    as Yoast writes them)."""
    return [
        metas[f"twitter:data{number}"][0]
        for number in (1, 2, 3)
        if f"twitter:data{number}" in metas
        and _WRITTEN_BY.match(metas.get(f"twitter:label{number}", [""])[0])
    ]


def _meta_contents(tree: HtmlElement) -> dict[str, list[str]]:
    """`name`/`property`/`itemprop` (lower case) → the non-empty contents, in order (one
    `citation_author` per author)."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = (meta.get("content") or meta.get("datetime") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    return found


# --- JSON-LD ----------------------------------------------------------------------------------


def linked_data(tree: HtmlElement) -> LinkedData:
    """The article object of the page's JSON-LD (or its web page object, for the dates)."""
    objects = list(_json_ld_objects(tree))
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    article = next((obj for obj in objects if _is_article(obj)), None)
    page = next((obj for obj in objects if _types(obj) & _PAGE_TYPES), None)
    main = article or page
    if main is None:
        return LinkedData(site_name=_site_name(objects))
    authors, organisations = _authors(main.get("author"), by_id)
    publisher = _name(_resolve(main.get("publisher"), by_id))
    dates_from = article if article and article.get("datePublished") else main
    return LinkedData(
        headline=_string(article.get("headline")) if article else None,
        authors=authors,
        organisations=(*organisations, *([publisher] if publisher else [])),
        published=_string(dates_from.get("datePublished") or dates_from.get("dateCreated")),
        modified=_string(dates_from.get("dateModified")),
        site_name=publisher or _site_name(objects),
    )


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    count = 0
    for script in tree.xpath("//script[contains(@type, 'ld+json')]"):
        text = script.text or ""
        if len(text) > _MAX_JSON_CHARS:
            continue
        try:
            stack: list[Any] = [json.loads(text, strict=False)]
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other sources still count
        while stack and count < _MAX_JSON_OBJECTS:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                count += 1
                yield item
                for key in (
                    "@graph",
                    "mainEntity",
                    "mainEntityOfPage",
                    "hasPart",
                    "itemListElement",
                ):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])


def _types(obj: dict[str, Any]) -> set[str]:
    declared = obj.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    return {value.rsplit("/", 1)[-1] for value in values if isinstance(value, str)}


def _is_article(obj: dict[str, Any]) -> bool:
    return any(word in kind for kind in _types(obj) for word in _ARTICLE_TYPE_WORDS)


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """A `{"@id": ...}` reference replaced by the object it names (Yoast's graphs)."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
        return by_id[value["@id"]]
    return value


def _authors(
    value: Any, by_id: dict[str, dict[str, Any]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of the `author` entries, and those of them typed as organisations."""
    names: list[str] = []
    organisations: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        entry = _resolve(entry, by_id)
        name = _name(entry)
        if not name:
            continue
        names.append(name)
        if isinstance(entry, dict) and _types(entry) & _ORGANISATION_TYPES:
            organisations.append(name)
    return tuple(names), tuple(organisations)


def _name(entry: Any) -> str | None:
    if isinstance(entry, str):
        return _string(entry)
    if isinstance(entry, dict):
        return _string(entry.get("name"))
    if isinstance(entry, list) and entry:
        return _name(entry[0])
    return None


def _string(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _site_name(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        if "WebSite" in _types(obj) and (name := _name(obj)):
            return name
    return None


# --- byline elements --------------------------------------------------------------------------


def bylines(tree: HtmlElement, signals: WidgetSignals) -> Iterator[tuple[str, ...]]:
    """Each distinct set of names of `_bylines`, once."""
    seen: set[tuple[str, ...]] = set()
    for names in _bylines(tree, signals):
        if names not in seen:
            seen.add(names)
            yield names


def _bylines(tree: HtmlElement, signals: WidgetSignals) -> Iterator[tuple[str, ...]]:
    """The names of the page's bylines, outside comment sections, most telling first: byline
    elements (`class="author"`, `rel="author"`, `itemprop="author"` ...), links to an author
    page (`/author/jane-doe`: with the other such links beside them), short texts that read as
    a byline (`By Jane Doe`, `Written by …`, `Published May 3, 2024 by …`)."""
    memo = PageMemo()  # the candidates share most of their ancestors
    for element in _BYLINE_CANDIDATES(tree):
        if _is_byline(element) and (names := _names_in(element, signals, memo, whole=True)):
            yield names
    for link in _AUTHOR_LINKS(tree):
        names = _linked_names(link) if _is_author_link(link) else ()
        if names and _names_in(link, signals, memo, whole=True):
            yield names
    for found in _BYLINE_TEXTS(tree):
        element = found.getparent()
        if getattr(found, "is_tail", False):
            element = element.getparent()
        for _ in range(_BYLINE_TEXT_LEVELS):
            if element is None or element.tag == "body":
                break
            if names := _names_in(element, signals, memo, whole=False):
                yield names
                break
            element = element.getparent()


def _is_author_link(link: HtmlElement) -> bool:
    href = link.get("href") or ""
    host = urlsplit(href).hostname or ""
    if any(host == social or host.endswith("." + social) for social in _SOCIAL_HOSTS):
        return False
    path = urlsplit(href).path.rstrip("/")
    return any(f"/{marker}/" in path + "/" and not path.endswith(f"/{marker}")
               for marker in _AUTHOR_PATHS)  # fmt: skip


def _linked_names(link: HtmlElement) -> tuple[str, ...]:
    """The names of `link` and of the author links beside it (several authors). A one-word
    name counts when the link's address spells it (`Kev` → `/author/kev`), not otherwise
    (`People` → `/people/jane-doe`)."""
    parent = link.getparent()
    links = parent.iter("a") if parent is not None else [link]
    names = []
    for other in links:
        name = _text(other) or ""
        if not _is_author_link(other) or not looks_like_name(name):
            continue
        if " " in name or compact(name) in compact(urlsplit(other.get("href") or "").path):
            names.append(name)
    return tuple(dict.fromkeys(names))


def _names_in(
    element: HtmlElement, signals: WidgetSignals, memo: PageMemo, *, whole: bool
) -> tuple[str, ...]:
    """The names of a byline element; `whole`: its whole text may be the name."""
    text = _text(element) or ""
    if not 2 < len(text) < _MAX_BYLINE_CHARS:
        return ()
    names = byline_authors(text) or (leading_name(text) if whole else ())
    if names and any(_elsewhere(a, signals, memo) for a in element.iterancestors()):
        return ()
    return names


def _elsewhere(element: HtmlElement, signals: WidgetSignals, memo: PageMemo) -> bool:
    """A block whose bylines are not the article's: a comment's author, a related article's."""
    found = match_element(element, signals, memo)
    return found is not None and found.rule.category in _OTHER_BYLINES


def _is_byline(element: HtmlElement) -> bool:
    if element.get("rel") == "author" or element.get("itemprop") == "author":
        return True
    for token in (element.get("class") or "").split():
        parts = normalise_token(token).split("-")
        if ("author" in parts or "byline" in parts) and (
            "name" in parts or _NOT_BYLINE_PARTS.isdisjoint(parts)
        ):
            return True
    return False
