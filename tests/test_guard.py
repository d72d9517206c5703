"""The element-count guard before extraction: real pages pass, a half-million-element page is
refused in milliseconds."""

from __future__ import annotations

import time

import pytest

from cleaner.errors import ExtractionError
from cleaner.guard import MAX_ELEMENTS, check_html, element_count

HALF_MILLION = "<html><body>" + "<p>x</p>" * 500_000 + "</body></html>"


def test_start_tags_are_counted_not_closing_tags_or_comparisons() -> None:
    assert element_count("<html><body><p>a < b and 2<3</p><br/></body></html>") == 4
    assert element_count("") == 0


def test_counting_stops_past_the_bound() -> None:
    assert element_count(HALF_MILLION, stop_after=10) == 11
    assert element_count(HALF_MILLION) == 500_002


def test_an_ordinary_page_passes() -> None:
    page = "<html><body>" + "<p>A paragraph of the story.</p>" * 2_000 + "</body></html>"
    check_html(page)
    check_html("a < b, " * 200_000)  # many '<' in text, no elements


def test_the_bound_is_inclusive() -> None:
    check_html("<p>" * 10, max_elements=10)
    with pytest.raises(ExtractionError):
        check_html("<p>" * 11, max_elements=10)


def test_a_half_million_element_page_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError, match=f"more than {MAX_ELEMENTS:,} HTML elements"):
        check_html(HALF_MILLION)
    assert time.monotonic() - started < 1.0
