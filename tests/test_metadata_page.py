"""What a page declares, read from its original tree: JSON-LD, meta tags, headings, bylines."""

from __future__ import annotations

import json

from cleaner.extract import parse_html
from cleaner.metadata.page import bylines, linked_data, read_declarations
from cleaner.widgets import load_widget_signals

SIGNALS = load_widget_signals()


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>Text of the article.</p></body></html>"


def test_broken_json_ld_is_passed_over_and_the_good_one_read() -> None:
    good = json.dumps({"@type": "BlogPosting", "headline": "A headline", "author": "Jane Doe"})
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        f'<script type="application/ld+json">{good}</script>'
    )
    linked = linked_data(parse_html(_page(head)))
    assert (linked.headline, linked.authors) == ("A headline", ("Jane Doe",))


def test_a_web_page_object_gives_the_dates_when_no_article_does() -> None:
    data = {"@type": "WebPage", "datePublished": "2024-03-05", "dateModified": "2024-04-01"}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    linked = linked_data(parse_html(_page(head)))
    assert (linked.published, linked.modified, linked.headline) == (
        "2024-03-05",
        "2024-04-01",
        None,
    )


def test_declarations_read_the_article_heading_and_the_meta_tags() -> None:
    head = (
        "<title>A headline | Site</title>"
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
        '<meta property="article:modified_time" content="2024-03-06T10:00:00Z">'
    )
    body = "<header><h1>Site</h1></header><article><h1>A headline</h1></article>"
    page = read_declarations(parse_html(_page(head, body)))
    assert (page.h1, page.title_element, page.author_meta) == (
        "A headline", "A headline | Site", ("Jane Doe",),
    )  # fmt: skip
    assert (page.published_meta, page.modified_meta) == (
        "2024-03-05T10:00:00Z", "2024-03-06T10:00:00Z",
    )  # fmt: skip


def test_bylines_of_related_articles_and_comments_are_not_the_articles() -> None:
    body = (
        '<div class="related-posts"><span class="author">Ann Other</span></div>'
        '<div id="comments"><span class="comment-author">Troll Smith</span></div>'
        '<p class="byline">By Jane Doe</p>'
    )
    assert list(bylines(parse_html(_page(body=body)), SIGNALS)) == [("Jane Doe",)]


def test_a_byline_text_without_a_byline_class_is_found() -> None:
    body = "<div><span>Published March 3, 2024 by</span> <a href='/x'>Nicole Burke</a></div>"
    assert next(bylines(parse_html(_page(body=body)), SIGNALS)) == ("Nicole Burke",)
