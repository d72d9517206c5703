"""The published date of a page: htmldate's, corrected by the dateline under the headline."""

from __future__ import annotations

import json

import pytest

from cleaner.extract import parse_html
from cleaner.metadata.pagedates import DeclaredDates, headline_dateline, published_date


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>Text of the article.</p></body></html>"


def test_htmldate_taking_the_modified_date_gives_way_to_the_declared_publication() -> None:
    linked = {"@type": "NewsArticle", "datePublished": "2025-10-15T09:00:00+02:00",
              "dateModified": "2025-10-31T10:00:00+01:00"}  # fmt: skip
    head = (
        '<meta property="article:modified_time" content="2025-10-31T10:00:00+01:00">'
        f'<script type="application/ld+json">{json.dumps(linked)}</script>'
    )
    tree = parse_html(_page(head, "<h1>Headline</h1>"))
    declared = DeclaredDates(
        published=(linked["datePublished"],), modified=(linked["dateModified"],)
    )
    assert published_date(tree, None, declared) == "2025-10-15T09:00:00+02:00"


def test_without_declarations_the_dateline_under_the_headline_beats_date_like_elements() -> None:
    body = (
        '<div class="sidebar"><span class="date">2025-12-02</span></div>'
        "<article><h1>Headline</h1><p>Dec 12, 2025</p></article>"
        '<div class="comments"><time datetime="2025-12-14">Dec 14</time></div>'
    )
    assert published_date(parse_html(_page(body=body)), None, DeclaredDates()) == "2025-12-12"


def test_a_dateline_labelled_as_the_publication_beats_the_declarations() -> None:
    head = '<meta property="article:published_time" content="2026-09-03">'
    body = "<h1>Headline</h1><p><span>Published March 9, 2026</span></p>"
    declared = DeclaredDates(published=("2026-09-03",))
    assert published_date(parse_html(_page(head, body)), None, declared) == "2026-03-09"


def test_an_update_under_the_headline_leaves_the_declared_publication() -> None:
    head = '<meta property="article:published_time" content="2024-02-27T08:00:00Z">'
    body = "<h1>Headline</h1><p>Updated: December 04, 2025</p>"
    declared = DeclaredDates(published=("2024-02-27T08:00:00Z",))
    tree = parse_html(_page(head, body))
    assert published_date(tree, None, declared) == "2024-02-27T08:00:00+00:00"


@pytest.mark.parametrize(
    "text",
    [
        "As of July 31, 2025, the agency has received 200 reports.",
        "The offer starts <b>today</b> and is valid until December 3, 2025",
    ],
)
def test_a_sentence_with_a_date_under_the_headline_is_no_dateline(text: str) -> None:
    body = f"<h1>Headline</h1><p>{text}</p>"
    assert headline_dateline(parse_html(_page(body=body))) is None


def _declared_page(shown: str) -> tuple[str, DeclaredDates]:
    head = '<meta property="article:published_time" content="2024-08-07T12:01:51+00:00">'
    return _page(head, f"<h1>Headline</h1><p>{shown}</p>"), DeclaredDates(
        published=("2024-08-07T12:01:51+00:00",)
    )


def test_the_date_shown_under_the_headline_beats_a_declared_one_days_apart() -> None:
    html, declared = _declared_page("Dec 30, 2013")
    assert published_date(parse_html(html), None, declared) == "2013-12-30"


def test_a_shown_date_a_day_off_is_the_declared_one_in_another_time_zone() -> None:
    html, declared = _declared_page("Aug 6, 2024")
    assert published_date(parse_html(html), None, declared) == "2024-08-07T12:01:51+00:00"


def test_a_shown_date_of_ambiguous_numbers_leaves_the_declared_one() -> None:
    html, declared = _declared_page("8/1/2013")  # 8 January or August 1?
    assert published_date(parse_html(html), None, declared) == "2024-08-07T12:01:51+00:00"


def test_a_shown_date_is_the_publication_when_only_the_modification_is_declared() -> None:
    head = '<meta property="article:modified_time" content="2024-04-04T10:00:00Z">'
    body = "<h1>Headline</h1><p>April 2, 2024</p>"
    declared = DeclaredDates(modified=("2024-04-04T10:00:00Z",))
    assert published_date(parse_html(_page(head, body)), None, declared) == "2024-04-02"


@pytest.mark.parametrize(
    ("shown", "stamp"),
    [
        ('<time datetime="2017-03-01T12:00:00Z">03/01/2017</time>', "2017-03-01T12:00:00+00:00"),
        ('<time datetime="2023-10-12T19:38:01.0870000Z"><span>10/12/2023</span></time>',
         "2023-10-12T19:38:01+00:00"),
        ('<time datetime="2023-05-17T10:42:00+01:00">17 May 2023</time>',
         "2023-05-17T10:42:00+01:00"),
        ('<time datetime="2017-03-01">03/01/2017</time>', "2017-03-01"),
    ],
)  # fmt: skip
def test_a_shown_date_in_a_time_element_is_read_from_its_datetime(shown: str, stamp: str) -> None:
    """Numbers that read day-month or month-day are exact in the `datetime` attribute, and
    the published date keeps its time and UTC offset."""
    tree = parse_html(_page(body=f"<h1>Headline</h1><p>{shown}</p>"))
    found = headline_dateline(tree)
    assert found is not None and (found.day, found.exact) == (stamp[:10], True)
    assert published_date(tree, None, DeclaredDates()) == stamp


def test_a_shown_date_without_a_datetime_is_read_from_its_text() -> None:
    tree = parse_html(_page(body='<h1>Headline</h1><time class="x">03/01/2017</time>'))
    found = headline_dateline(tree)
    assert found is not None and found.exact is False and found.day == "2017-01-03"


def test_htmldate_reading_an_ambiguous_dateline_gives_way_to_the_declared_publication() -> None:
    linked = '{"@type": "BlogPosting", "datePublished" : "2024-09-10T16:07:00.000Z"}'
    head = f'<script type="application/ld+json">{linked}</script>'
    body = '<article><h1>Headline of the post</h1><p class="post-date">09.10.2024</p></article>'
    declared = DeclaredDates(published=("2024-09-10T16:07:00.000Z",))
    found = published_date(parse_html(_page(head, body)), None, declared)
    assert found == "2024-09-10T16:07:00+00:00"  # htmldate alone reads 9 October


def test_an_unambiguous_dateline_days_from_the_declaration_still_wins() -> None:
    html, declared = _declared_page("14.10.2024")  # only 14 October
    assert published_date(parse_html(html), None, declared) == "2024-10-14"


def test_with_no_declaration_and_no_dateline_htmldate_beats_the_first_date_written() -> None:
    page = _page(body="<div><p>Mar 2, 2024</p><p>Text under no headline.</p></div>")
    url = "https://news.example/2025/03/14/story.html"
    assert published_date(parse_html(page), url, DeclaredDates()) == "2025-03-14"
    assert published_date(parse_html(page), None, DeclaredDates()) == "2024-03-02"
