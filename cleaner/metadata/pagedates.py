"""The published date of an HTML page, from what it declares and what it shows.

htmldate reads the declared dates (meta tags, JSON-LD, `<time>`, date-classed elements, the
URL). What the page shows under its headline — its dateline, the date its reader sees —
corrects it:

- a dateline that says it is the publication date (`Published March 9, 2026`) is;
- htmldate's pick of the declared modification date gives way to the declared publication
  date, else to the dateline;
- a page that declares no date has its dateline: htmldate then guesses from date-like
  elements, as often a comment's or a related article's (wcxb-dev articles without
  declarations: the first date under the headline is right for 126 of 160, htmldate 106);
  with no dateline either, htmldate's guess comes before the first date written anywhere
  (right for 24 and 20 of 40 such wcxb-dev articles, for 17 and 10 of 23 other pages);
- htmldate's date that the page does not declare, read as a dateline of numbers that read
  both ways reads it (`09.10.2024`), gives way to the declared publication date;
- an unlabelled dateline more than a day away from htmldate's date wins (CMS migrations
  rewrite declared dates); a day apart it is the same moment in another time zone, and the
  declared timestamp is kept. A numeric dateline that reads both ways (`8/1/2025`) does not.

A dateline of an update (`Updated …`, or the declared modification date) is never taken for
the publication: on wcxb-dev the truth is as often the publication date declared beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from cleaner.metadata.datelines import MODIFIED_LABEL, PUBLISHED_LABEL, other_words
from cleaner.metadata.dates import (
    ambiguous_numeric_date,
    iso_timestamp,
    latest_allowed,
    written_date,
)

# Short texts of the page, where a dateline may stand (`Updated on January 5, 2024`).
_SHORT = (
    "string-length(normalize-space(.)) > 5 and string-length(normalize-space(.)) < 80"
    " and not(ancestor::script or ancestor::style)"
)
_SHORT_TEXTS = etree.XPath(f"//body//text()[{_SHORT}]")
# The dateline stands just under the headline, or just above it: so many short texts on.
_AFTER_HEADLINE = etree.XPath(f"following::text()[{_SHORT}][position() <= 15]")
_BEFORE_HEADLINE = etree.XPath(f"preceding::text()[{_SHORT}][position() <= 3]")
_HEADLINES = ("//article//h1", "//main//h1", "//body//h1")
_MAX_OTHER_WORDS = 3  # besides the date: labels, a name (`By Jane Doe · May 3, 2024`)
_TIME_ANCESTORS = 2  # the text's element and its parent (`<time><span>3/1/2017</span></time>`)


@dataclass(frozen=True)
class DeclaredDates:
    """The page's declared publication and modification dates (JSON-LD, meta tags)."""

    published: tuple[str | None, ...] = ()
    modified: tuple[str | None, ...] = ()

    def days(self, values: tuple[str | None, ...]) -> list[str]:
        return [stamp[:10] for value in values if (stamp := iso_timestamp(value))]


def published_date(tree: HtmlElement, url: str | None, declared: DeclaredDates) -> str | None:
    """The page's publication date (see the module docstring), with the time and UTC offset
    of a declared timestamp of that day, else of the `<time datetime>` it is shown in."""
    shown = headline_dateline(tree)
    found = _published_day(tree, url, declared, shown)
    if found is None:
        return None
    stamps = [stamp for value in declared.published if (stamp := iso_timestamp(value))]
    if shown is not None and shown.stamp:
        stamps.append(shown.stamp)
    return next((stamp for stamp in stamps if stamp[:10] == found), found)


def _published_day(
    tree: HtmlElement, url: str | None, declared: DeclaredDates, shown: ShownDate | None
) -> str | None:
    if shown is not None and PUBLISHED_LABEL.search(shown.label):
        return shown.day
    published, modified = declared.days(declared.published), declared.days(declared.modified)
    if not published and not modified:
        return (shown.day if shown else None) or _htmldate(tree, url) or first_written_date(tree)
    found = _htmldate(tree, url)
    if found in modified and found not in published:
        # htmldate took the modification date: the publication is declared, or shown
        return published[0] if published else _unlabelled(shown, modified) or found
    if published and found not in published and _ambiguous_reading(shown, found):
        return published[0]  # htmldate read `09.10.2024` as the dateline does: a guess
    shown_day = _unlabelled(shown, modified)
    if shown_day and found and not _days_apart(shown_day, found):
        return found  # the same day in another time zone: the declared timestamp is exact
    return shown_day or found or first_written_date(tree)


def _unlabelled(shown: ShownDate | None, modified: list[str]) -> str | None:
    """The dateline's date, unless it is an update's (by its label or the declared date) or
    written ambiguously (`8/1/2025`: 8 January or August 1?)."""
    if shown is None or shown.day in modified or MODIFIED_LABEL.search(shown.label):
        return None
    return None if shown.ambiguous else shown.day


def _ambiguous_reading(shown: ShownDate | None, found: str | None) -> bool:
    """`found` is what a dateline written in numbers that read both ways says."""
    return shown is not None and shown.day == found and shown.ambiguous


def _days_apart(one: str, other: str) -> bool:
    return abs(date.fromisoformat(one) - date.fromisoformat(other)) > timedelta(days=1)


@dataclass(frozen=True)
class ShownDate:
    day: str  # YYYY-MM-DD
    label: str  # the text of the element it is written in (`Published March 9, 2026`)
    exact: bool = False  # read from its `<time datetime>`, not from the text
    stamp: str | None = None  # that `datetime`, with its time and UTC offset when it has them

    @property
    def ambiguous(self) -> bool:
        """Written in numbers that read day-month or month-day (`8/1/2025`), with no
        `datetime` to say which."""
        return not self.exact and ambiguous_numeric_date(self.label)


def headline_dateline(tree: HtmlElement) -> ShownDate | None:
    """The first date written after the article's `<h1>`, else just before it."""
    heading = next((found[0] for path in _HEADLINES if (found := tree.xpath(path))), None)
    if heading is None:
        return None
    for text in _texts_near(heading):
        if other_words(text) > _MAX_OTHER_WORDS or text.lstrip()[:1].islower():
            continue  # a sentence or a piece of one (`As of July 31, 2025, the FDA …`)
        if day := written_date(str(text)):
            parent = text.getparent()
            label = " ".join((parent.text_content() if parent is not None else "").split())
            machine = _machine_stamp(parent)
            if machine is None:
                return ShownDate(day, label[:200])
            return ShownDate(machine[:10], label[:200], exact=True, stamp=machine)
    return None


def _machine_stamp(element: HtmlElement | None) -> str | None:
    """The `<time datetime>` a shown date is written in (`<time
    datetime="2017-03-01T12:00:00Z">03/01/2017</time>`), as ISO 8601: exact where the text may
    read day-month or month-day."""
    for _ in range(_TIME_ANCESTORS):
        if element is None:
            return None
        if element.tag == "time" and (stamp := iso_timestamp(element.get("datetime"))):
            return stamp
        element = element.getparent()
    return None


def _texts_near(heading: HtmlElement) -> Iterator[etree._ElementUnicodeResult]:
    yield from _AFTER_HEADLINE(heading)
    yield from _BEFORE_HEADLINE(heading)


def first_written_date(tree: HtmlElement) -> str | None:
    """The first date written in a short text of the page (`YYYY-MM-DD`), or None."""
    for text in _SHORT_TEXTS(tree):
        if found := written_date(str(text)):
            return found
    return None


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate without its free-text search (whose dateparser fallback tries every language
    and costs seconds per process)."""
    try:
        found = find_date(
            tree,
            extensive_search=False,
            original_date=True,
            url=url,
            max_date=latest_allowed().date().isoformat(),
        )
    except (ValueError, TypeError, OverflowError):
        return None
    return found or None
