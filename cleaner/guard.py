"""A cheap look at an HTML page before extraction, to refuse what no article needs.

Extraction walks every element of the page in Python: a generated or hostile page of 500,000
sibling `<p>x</p>` elements keeps it busy for minutes, until the time limit. Counting start tags
takes milliseconds, so such a page is refused at once. The element count is the one bound the
other stages lack: libxml2 caps the nesting depth and the readers cap the size of a document.
"""

from __future__ import annotations

import re

from cleaner.errors import ExtractionError

# The largest page of the html-eval set (990 news pages) has about 10,000 elements.
MAX_ELEMENTS = 100_000
_START_TAG = re.compile(r"<[A-Za-z]")


def element_count(html: str, stop_after: int | None = None) -> int:
    """The page's start tags (`<` and a letter: an upper bound on its elements, since a `<b`
    inside a script counts too); counting stops once past `stop_after`."""
    if stop_after is not None and html.count("<") <= stop_after:
        return len(_START_TAG.findall(html))  # few tags: no need to stop early
    count = 0
    for count, _ in enumerate(_START_TAG.finditer(html), 1):
        if stop_after is not None and count > stop_after:
            break
    return count


def check_html(html: str, max_elements: int = MAX_ELEMENTS) -> None:
    """Raise `ExtractionError` when the page has more elements than extraction should walk."""
    if element_count(html, stop_after=max_elements) > max_elements:
        raise ExtractionError(
            f"has more than {max_elements:,} HTML elements; not extracted "
            "(a page that large is generated or hostile, not an article)"
        )
