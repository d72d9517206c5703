"""One value per metadata field of an HTML page, chosen from the candidates the page offers.

- **title**: by agreement between `<h1>`, `og:title` (or another declared title), the JSON-LD
  `headline` and `<title>`, site names removed (`cleaner.metadata.title`);
- **authors**: the people named by the first source that names one — JSON-LD authors, the
  author meta tags, the page's byline — placeholders, companies, the site itself and user
  handles left out; the site's own name only when no source names a person;
- **published**: htmldate's date (meta tags, JSON-LD, `<time>`, date-classed elements, the
  URL), corrected by the dateline under the headline (`cleaner.metadata.pagedates`), given
  the time and UTC offset of a declared timestamp of the same day;
- **modified**: the declared modification timestamp, when it is not the published one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

from cleaner.metadata.authors import clean_authors, people_among
from cleaner.metadata.dates import iso_timestamp
from cleaner.metadata.page import PageDeclarations, bylines
from cleaner.metadata.pagedates import DeclaredDates, published_date
from cleaner.metadata.title import SiteNames, choose_headline, headline_variants
from cleaner.sites import host_of
from cleaner.widgets import WidgetSignals

# Declarations and bylines tried for a person's name before giving up.
_MAX_SOURCES = 12


@dataclass(frozen=True)
class MetaTags:
    """The title and site name the page's meta tags declare (read by trafilatura's meta-tag
    reader in `cleaner.extract`)."""

    title: str | None = None
    site_name: str | None = None


@dataclass(frozen=True)
class ChosenMetadata:
    title: str | None
    # `title_key`s of the lines that repeat the headline at the top of the body
    title_variants: frozenset[str]
    authors: tuple[str, ...]
    published: str | None
    modified: str | None
    site_name: str | None


def choose_metadata(
    tree: HtmlElement,
    url: str | None,
    tags: MetaTags,
    page: PageDeclarations,
    signals: WidgetSignals,
) -> ChosenMetadata:
    linked = page.linked
    site_name = tags.site_name or linked.site_name
    site = SiteNames.of((tags.site_name, linked.site_name), host_of(url))
    candidates = (page.h1, tags.title, linked.headline, page.title_element)
    title = choose_headline(candidates, site)
    published = published_date(
        tree,
        url,
        DeclaredDates(
            published=(linked.published, page.published_meta),
            modified=(linked.modified, page.modified_meta),
        ),
    )
    modified = iso_timestamp(linked.modified) or iso_timestamp(page.modified_meta)
    return ChosenMetadata(
        title=title,
        title_variants=headline_variants(title, candidates, site) if title else frozenset(),
        authors=_authors(page, site, bylines(tree, signals)),
        published=published,
        modified=modified if modified != published else None,
        site_name=site_name,
    )


def _authors(
    page: PageDeclarations, site: SiteNames, dom_bylines: Iterator[tuple[str, ...]]
) -> tuple[str, ...]:
    """The people the first source names, or the page's first byline when it names them all
    and more (JSON-LD and meta tags often give only the first of several authors, or a name
    without its `Dr`); when no source names a person, the first source's names (a site that
    signs its own articles: `By Supermove`). The page's bylines are searched lazily: they
    cost most."""
    organisations = page.linked.organisations

    def people_of(source: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        names = clean_authors(source)
        return names, people_among(names, site=site, organisations=organisations)

    fallback: tuple[str, ...] = ()
    for source in (page.linked.authors, page.author_meta):
        names, people = people_of(source)
        if people:
            byline = people_of(next(dom_bylines, ()))[1]
            return byline if _holds_all(byline, people) else people
        fallback = fallback or names
    for source in itertools.islice(dom_bylines, _MAX_SOURCES):
        names, people = people_of(source)
        if people:
            return people
        fallback = fallback or names
    return fallback


def _holds_all(fuller: tuple[str, ...], names: tuple[str, ...]) -> bool:
    """`fuller` names each of `names` (as a whole name or a part of one) and says more."""
    keys = [name.casefold() for name in fuller]
    return len(" ".join(keys)) > len(" ".join(names)) and all(
        any(f" {name.casefold()} " in f" {key} " for key in keys) for name in names
    )
