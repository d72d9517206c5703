"""One value per field of a page: the authors chosen between its declarations and bylines."""

from __future__ import annotations

import json

from cleaner.extract import parse_html
from cleaner.metadata.choose import ChosenMetadata, MetaTags, choose_metadata
from cleaner.metadata.page import read_declarations
from cleaner.widgets import load_widget_signals

SIGNALS = load_widget_signals()


def _chosen(head: str = "", body: str = "") -> ChosenMetadata:
    html = f"<html><head>{head}</head><body><h1>A headline</h1>{body}<p>Text.</p></body></html>"
    tree = parse_html(html)
    return choose_metadata(
        tree, "https://example.com/a", MetaTags(), read_declarations(tree), SIGNALS
    )


def _linked(author: str) -> str:
    data = {"@type": "NewsArticle", "headline": "A headline", "author": {"name": author}}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_byline_naming_the_declared_author_and_more_gives_them_all() -> None:
    body = '<p class="byline">By Rui Ma, Heba Ledwon and Suparn Patra</p>'
    assert _chosen(_linked("Rui Ma"), body).authors == ("Rui Ma", "Heba Ledwon", "Suparn Patra")


def test_a_byline_naming_someone_else_leaves_the_declared_author() -> None:
    body = '<p class="byline">By Ann Other</p>'
    assert _chosen(_linked("Rui Ma"), body).authors == ("Rui Ma",)


def test_a_desk_signs_only_when_no_person_is_named() -> None:
    assert _chosen(body='<p class="authorName">Podium Staff</p>').authors == ("Podium Staff",)
    head = '<meta name="author" content="Jane Doe">'
    assert _chosen(head, '<p class="authorName">Podium Staff</p>').authors == ("Jane Doe",)


def test_the_written_by_label_of_a_twitter_card_names_the_author() -> None:
    head = (
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Linda Rosencrance">'
        '<meta name="twitter:label2" content="Est. reading time">'
        '<meta name="twitter:data2" content="5 minutes">'
    )
    assert _chosen(head).authors == ("Linda Rosencrance",)


def test_every_citation_author_counts() -> None:
    head = "".join(
        f'<meta name="citation_authors" content="{name}">'
        for name in ("Jennifer Huberty", "Jeni Green", "Chong Lee")
    )
    assert _chosen(head).authors == ("Jennifer Huberty", "Jeni Green", "Chong Lee")
