"""Render an HTML page into the plain text that scrapers store, in two common styles.

Used to make labelled training lines for the line model and to evaluate the plain-text path;
the cleaner itself never needs it (it cleans the text it is given).

- `paragraph_scrape`: the headline (first `<h1>`, else `<title>`), then the text of every `<p>`
  in document order, plus `h2`/`h3`/`li` inside `<article>`/`<main>`, one block each.
- `visible_text`: the whole visible text with a block-level layout, one line per block
  (html_text's `guess_layout`), as a "select all, copy" scraper stores it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from cleaner.text import collapse_whitespace

_EXTRA_IN_MAIN = ("h2", "h3", "li")
# get_text(" ") puts a space between inline elements, also before the punctuation after one
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)])")


def paragraph_scrape(html: str) -> list[str]:
    """The blocks of a paragraph scrape, in document order, empty ones left out."""
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", XMLParsedAsHTMLWarning
        )  # XHTML read as HTML, as scrapers do
        soup = BeautifulSoup(html, "lxml")
    heading = soup.find("h1") or soup.find("title")
    blocks = [_text(heading)] if heading else []
    for element in soup.find_all(["p", *_EXTRA_IN_MAIN]):
        if element.name != "p" and not _inside_main(element):
            continue
        if element.name == "li" and element.find("p") is not None:
            continue  # its paragraphs are blocks of their own
        blocks.append(_text(element))
    return [block for block in blocks if block]


def _text(element: Tag) -> str:
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", collapse_whitespace(element.get_text(" ")))


def _inside_main(element: Tag) -> bool:
    return element.find_parent(["article", "main"]) is not None


def visible_text(html: str) -> list[str]:
    """The visible lines of the page, one per block, empty ones left out."""
    import html_text  # training and evaluation only

    text = html_text.extract_text(html, guess_layout=True)
    return [line for line in (collapse_whitespace(raw) for raw in text.splitlines()) if line]


RENDERINGS: dict[str, Callable[[str], list[str]]] = {
    "paragraphs": paragraph_scrape,
    "visible": visible_text,
}
